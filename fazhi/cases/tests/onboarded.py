"""A county onboarded from the shipped division data (桐庐县, 330122: not Xihu) and one ledger per
case line as its bureau would keep it — title rows, a header written its own way, a column the
platform does not know — shared by the walk through the pages (test_onboarded_ledgers.py) and in
Chromium (e2e/test_onboarding_walk.py). Sheets only: no business line is imported here."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook

from fazhi.law.validators import id_number_checksum

COUNTY = "330122"
ID17 = "33012219850315002"
ID_NUMBER = ID17 + id_number_checksum(ID17)

DEPARTMENTS_CSV = (
    "代码后缀,名称,类型,职能\nSCJG,桐庐县市场监督管理局,区级部门,\nZHZF,桐庐县综合行政执法局,区级部门,\n"
)
# Two clerks of the county: one for the street mediation and legal aid ledgers, one for the
# bureau's reconsideration and litigation ledgers (one grant a row).
USERS_CSV = (
    "用户名,姓名,手机,角色,单位\n"
    "tl_tiaojie,桐庐 陈台账,13900000001,司法所工作人员,330122\n"
    "tl_tiaojie,桐庐 陈台账,13900000001,法律援助中心工作人员,330122\n"
    "tl_fazhi,桐庐 周台账,13900000002,行政复议工作人员,330122\n"
    "tl_fazhi,桐庐 周台账,13900000002,行政应诉工作人员,330122\n"
)

# line -> (the clerk, the sheet's rows, {sheet column: the ledger column the clerk picks, or "" to
# ignore it} for the columns the 列对应 page cannot settle by itself, the case numbers written)
LEDGERS: dict[str, dict] = {
    "mediation": {
        "user": "tl_tiaojie",
        "rows": [
            ["桐庐县城南街道人民调解委员会 2024年调解案件登记表"],
            [
                "案号",
                "调解委员会",
                "收案日期",
                "纠纷类型",
                "纠纷概要",
                "申请人",
                "申请人身份证号",
                "对方当事人",
                "受理日期",
                "调解结果",
                "办结日期",
                "协议形式",
                "备注",
            ],
            [
                "桐南调〔2024〕1号",
                "330122004-TWH",
                "2024年3月4日",
                "邻里纠纷",
                "楼上漏水",
                "王小明",
                ID_NUMBER,
                "李大华",
                "2024-3-5",
                "调解成功",
                "2024/03/20",
                "书面协议",
                "已回访",
            ],
            [
                "桐南调〔2024〕2号",
                "城南街道人民调解委员会",
                "2024-4-8",
                "婚姻家庭纠纷",
                "赡养费",
                "赵一",
                None,
                "赵二",
                "2024-4-9",
                None,
                None,
                None,
                "",
            ],
        ],
        "choose": {"备注": ""},
        "numbers": ["桐南调〔2024〕1号", "桐南调〔2024〕2号"],
    },
    "legal_aid": {
        "user": "tl_tiaojie",
        "rows": [
            ["桐庐县法律援助中心 受理登记"],
            [
                "序号",
                "案号",
                "受理机构",
                "申请日期",
                "案件类别",
                "申请事项",
                "案由",
                "申请人",
                "身份证号码",
                "家庭人口",
                "家庭人均月收入",
            ],
            [
                1,
                "桐法援〔2024〕1号",
                "桐庐县法律援助中心",
                "2024年3月4日",
                "民事",
                "请求支付劳动报酬",
                "追索劳动报酬",
                "王小明",
                ID_NUMBER,
                "3",
                "1500",
            ],
        ],
        "choose": {},
        "numbers": ["桐法援〔2024〕1号"],
    },
    "reconsideration": {
        "user": "tl_fazhi",
        "rows": [
            ["桐庐县人民政府行政复议案件台账（2024年）"],
            [
                "案号",
                "收到日期",
                "申请人",
                "被申请人",
                "被申请复议的行政行为",
                "行为类别",
                "送达或知道日期",
                "承办人",
            ],
            [
                "桐政复〔2024〕1号",
                "2024年3月5日",
                "王小明",
                "桐庐县市场监督管理局",
                "桐市监罚〔2024〕12号行政处罚决定",
                "行政处罚",
                "2024-3-1",
                "周台账",
            ],
        ],
        "choose": {"承办人": ""},
        "numbers": ["桐政复〔2024〕1号"],
    },
    "litigation": {
        "user": "tl_fazhi",
        "rows": [
            ["桐庐县行政应诉案件台账"],
            [
                "案件编号",
                "法院",
                "被诉行政机关",
                "原告",
                "案由",
                "行政行为类别",
                "立案日期",
                "收到起诉状副本日期",
            ],
            [
                "（2024）浙0122行初1号",
                "桐庐县人民法院",
                "桐庐县综合行政执法局",
                "王小明",
                "不服行政处罚决定",
                "行政处罚",
                "2024年3月1日",
                "2024-3-5",
            ],
        ],
        "choose": {"被诉行政机关": "被告"},  # a column the clerk matches by hand
        "numbers": ["（2024）浙0122行初1号"],
    },
}


def workbook(rows: list[list]) -> bytes:
    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def save(folder: Path, name: str, content: bytes | str) -> Path:
    path = folder / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path

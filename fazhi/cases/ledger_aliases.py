"""The shipped 台账同义词 (`LedgerAlias`): the common other names of the 台账's columns and values
met in bureaus' sheets. Loaded by a data migration; a bureau edits and adds its own in the admin."""

# (kind or "" for every line, column header, how sheets write it, value or "" for a header)
DEFAULTS = [
    *(("", "收到日期", a, "") for a in ("收案日期", "收件日期", "登记日期")),
    *(("legal_aid", "收到申请日期", a, "") for a in ("收到日期", "申请日期", "收案日期")),
    *(("", "办结日期", a, "") for a in ("结案日期", "办结时间", "结案时间")),
    ("litigation", "结案日期", "办结日期", ""),
    ("", "受理日期", "受理时间", ""),
    *(("", "纠纷概要", a, "") for a in ("纠纷简要情况", "纠纷简况", "基本案情")),
    *(("", "调解结果", a, "") for a in ("调解结论", "调解情况")),
    *(("", "调解委员会", a, "") for a in ("调委会", "人民调解委员会")),
    *(("", "涉及金额", a, "") for a in ("涉案金额", "标的额", "涉及金额(元)")),
    *(("", "申请人电话", a, "") for a in ("申请人联系电话", "联系电话")),
    *(("", "申请人身份证号", a, "") for a in ("申请人身份证号码", "身份证号码", "身份证号")),
    ("", "案号", "案件编号", ""),
    ("", "涉企", "是否涉企", ""),
    *(("litigation", "结果", a, "") for a in ("裁判结果", "审理结果", "结案方式")),
    *(("reconsideration", "结案方式", a, "") for a in ("审结方式", "决定类型")),
    # values
    *(
        ("litigation", "结果", alias, value)
        for alias, value in (
            ("撤诉", "原告申请撤诉"),
            ("驳回诉讼请求", "判决驳回诉讼请求"),
            ("驳回起诉", "裁定驳回起诉"),
            ("撤销", "判决撤销或者部分撤销"),
            ("确认违法", "判决确认违法"),
            ("确认无效", "判决确认无效"),
            ("履行法定职责", "判决履行法定职责"),
            ("变更", "判决变更"),
        )
    ),
    *(
        ("mediation", "调解结果", alias, value)
        for alias, value in (
            ("调解不成功", "调解不成"),
            ("调解失败", "调解不成"),
            ("成功", "调解成功"),
            ("不成功", "调解不成"),
        )
    ),
]


def ensure_defaults(model) -> int:
    """Create the shipped synonyms that are missing (`model`: LedgerAlias, or the migration's
    historical model); returns how many were created."""
    created = 0
    for kind, header, alias, value in DEFAULTS:
        _, made = model.objects.get_or_create(kind=kind, header=header, alias=alias, value=value)
        created += made
    return created

"""Builds the shipped Word templates (`templates/*.docx`) from the GB/T 9704 base document.

Run `python -m fazhi.documents.build_templates` after changing a text below; the .docx files are
committed. A bureau does not run this: it opens a shipped .docx in Word, edits the wording (keeping
the {{ placeholders }}), and puts the file under the same name in its FAZHI_DOCUMENT_TEMPLATES
directory. Each paragraph is one run, so docxtpl sees every Jinja tag whole. A `{%p for … %}`
paragraph repeats the paragraphs between it and `{%p endfor %}` (a list value: one paragraph each).

Placeholders every template may use (the case engine fills them): org_name (发文机关), doc_number
(文号), case_number, case_title, applicant, counterpart, received_date, step_date, date_cn (成文日期,
e.g. 2026年3月5日); the rest are the line's own (its context builder, in <line>/kind.py).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from fazhi.documents.layout import base_document
from fazhi.documents.render import SHIPPED

# (style name, text). Style names are the base document's (layout.STYLES); "" is an empty line.
Paragraphs = tuple[tuple[str, str], ...]

_SIGN = (("", ""), ("落款", "{{ org_name }}"), ("落款", "{{ date_cn }}"))
_SUE_15 = "如不服本决定，可以自收到本决定书之日起十五日内，依法向人民法院提起行政诉讼。"

TEMPLATES: dict[str, tuple[str, Paragraphs]] = {
    "reconsideration_acceptance.docx": (
        "行政复议受理通知书",
        (
            ("文书标题", "行政复议受理通知书"),
            ("发文字号", "{{ doc_number }}"),
            ("", ""),
            ("主送", "{{ applicant }}："),
            (
                "正文",
                "你（单位）不服{{ counterpart }}{{ act_description }}，于{{ received_date }}向本机关提出的"
                "行政复议申请收悉。经审查，该申请符合《中华人民共和国行政复议法》第三十条第一款规定的"
                "受理条件，本机关决定自{{ step_date }}起予以受理，适用{{ procedure }}审理。",
            ),
            ("正文", "特此通知。"),
            *_SIGN,
        ),
    ),
    "reconsideration_rejection.docx": (
        "行政复议不予受理决定书",
        (
            ("文书标题", "不予受理行政复议申请决定书"),
            ("发文字号", "{{ doc_number }}"),
            ("", ""),
            ("正文", "申请人：{{ applicant }}"),
            ("正文", "被申请人：{{ counterpart }}"),
            (
                "正文",
                "申请人不服被申请人{{ act_description }}，于{{ received_date }}向本机关提出行政复议申请。",
            ),
            ("正文", "经审查，本机关认为：{{ reason }}"),
            (
                "正文",
                "该申请{{ ground }}，根据《中华人民共和国行政复议法》第三十条的规定，本机关决定不予受理。"
                "{% if competent_body %}申请人可以向{{ competent_body }}申请行政复议。{% endif %}",
            ),
            ("正文", "申请人" + _SUE_15),
            *_SIGN,
        ),
    ),
    "reconsideration_correction.docx": (
        "行政复议补正通知书",
        (
            ("文书标题", "行政复议申请补正通知书"),
            ("发文字号", "{{ doc_number }}"),
            ("", ""),
            ("主送", "{{ applicant }}："),
            (
                "正文",
                "你（单位）于{{ received_date }}提出的行政复议申请收悉。经审查，申请材料不齐全或者表述"
                "不清楚，无法判断是否符合受理条件。根据《中华人民共和国行政复议法》第三十一条第一款的"
                "规定，请你（单位）自收到本通知之日起十日内补正下列事项：",
            ),
            ("正文", "{%p for item in items %}"),
            ("正文", "{{ item }}"),
            ("正文", "{%p endfor %}"),
            (
                "正文",
                "无正当理由逾期不补正的，视为你（单位）放弃行政复议申请，并记录在案。",
            ),
            ("正文", "特此通知。"),
            *_SIGN,
        ),
    ),
    "reconsideration_decision.docx": (
        "行政复议决定书",
        (
            ("文书标题", "行政复议决定书"),
            ("发文字号", "{{ doc_number }}"),
            ("", ""),
            ("正文", "申请人：{{ applicant }}"),
            ("正文", "被申请人：{{ counterpart }}"),
            (
                "正文",
                "申请人不服被申请人{{ act_description }}，于{{ received_date }}向本机关申请行政复议，"
                "本机关依法予以受理。本案现已审理终结。",
            ),
            ("正文", "{%p for para in summary %}"),
            ("正文", "{{ para }}"),
            ("正文", "{%p endfor %}"),
            ("正文", "根据{{ decision_basis }}的规定，本机关决定：{{ decision_label }}。"),
            ("正文", "申请人" + _SUE_15),
            *_SIGN,
        ),
    ),
    "reconsideration_mediation.docx": (
        "行政复议调解书",
        (
            ("文书标题", "行政复议调解书"),
            ("发文字号", "{{ doc_number }}"),
            ("", ""),
            ("正文", "申请人：{{ applicant }}"),
            ("正文", "被申请人：{{ counterpart }}"),
            (
                "正文",
                "申请人不服被申请人{{ act_description }}，于{{ received_date }}向本机关申请行政复议，"
                "本机关依法予以受理。经本机关主持调解，双方当事人自愿达成如下协议：",
            ),
            ("正文", "{%p for para in content %}"),
            ("正文", "{{ para }}"),
            ("正文", "{%p endfor %}"),
            (
                "正文",
                "本调解书经各方当事人签字或者签章，即具有法律效力（《中华人民共和国行政复议法》"
                "第七十三条）。",
            ),
            *_SIGN,
        ),
    ),
    "mediation_agreement.docx": (
        "人民调解协议书",
        (
            ("文书标题", "人民调解协议书"),
            ("发文字号", "编号：{{ doc_number }}"),
            ("", ""),
            ("正文", "当事人：{{ applicant }}"),
            ("正文", "{%p if counterpart %}"),
            ("正文", "当事人：{{ counterpart }}"),
            ("正文", "{%p endif %}"),
            ("正文", "纠纷类型：{{ dispute_type }}"),
            ("正文", "纠纷主要事实、争议事项：{{ case_title }}"),
            ("正文", "经{{ org_name }}调解，当事人自愿达成如下协议："),
            ("正文", "{%p for para in content %}"),
            ("正文", "{{ para }}"),
            ("正文", "{%p endfor %}"),
            ("正文", "履行方式、时限：{{ performance }}"),
            (
                "正文",
                "本协议经双方当事人签名（盖章或者按指印）、人民调解员签名并加盖人民调解委员会印章"
                "之日起生效，对双方当事人具有法律约束力（《中华人民共和国人民调解法》第二十九条、"
                "第三十一条）。本协议一式三份，当事人、人民调解委员会各持一份。",
            ),
            ("", ""),
            ("主送", "当事人（签名）：{{ applicant }}          {{ counterpart }}"),
            ("主送", "人民调解员（签名）：{{ mediator }}"),
            *_SIGN,
        ),
    ),
    "legal_aid_grant.docx": (
        "给予法律援助决定书",
        (
            ("文书标题", "给予法律援助决定书"),
            ("发文字号", "{{ doc_number }}"),
            ("", ""),
            ("主送", "{{ applicant }}："),
            (
                "正文",
                "你于{{ received_date }}提出的{{ matter }}法律援助申请，经审查，符合《中华人民共和国"
                "法律援助法》规定的法律援助条件。根据该法第四十三条的规定，本机构决定给予法律援助，"
                "并将自本决定作出之日起三日内指派律师、基层法律服务工作者或者法律援助志愿者为你"
                "提供法律援助。",
            ),
            ("正文", "{% if note %}审查意见：{{ note }}{% endif %}"),
            ("正文", "特此决定。"),
            *_SIGN,
        ),
    ),
    "legal_aid_refusal.docx": (
        "不予法律援助决定书",
        (
            ("文书标题", "不予法律援助决定书"),
            ("发文字号", "{{ doc_number }}"),
            ("", ""),
            ("主送", "{{ applicant }}："),
            (
                "正文",
                "你于{{ received_date }}提出的{{ matter }}法律援助申请，经审查，不符合法律援助条件，"
                "理由如下：",
            ),
            ("正文", "{%p for para in reasons %}"),
            ("正文", "{{ para }}"),
            ("正文", "{%p endfor %}"),
            ("正文", "根据《中华人民共和国法律援助法》第四十三条的规定，本机构决定不予法律援助。"),
            (
                "正文",
                "如对本决定有异议，可以向设立本机构的司法行政部门提出（《中华人民共和国法律援助法》"
                "第四十九条）。",
            ),
            *_SIGN,
        ),
    ),
    "legal_aid_assignment.docx": (
        "法律援助指派通知书",
        (
            ("文书标题", "指派通知书"),
            ("发文字号", "{{ doc_number }}"),
            ("", ""),
            ("主送", "{{ law_firm }}："),
            (
                "正文",
                "根据《中华人民共和国法律援助法》第四十三条的规定，本机构决定为受援人{{ applicant }}"
                "（{{ matter }}）提供法律援助，现指派你所{{ lawyer }}承办。请于接受指派后及时与受援人"
                "签订委托协议，依法履行法律援助义务，按规定报告办理情况并提交结案材料。",
            ),
            ("正文", "{% if note %}指派说明：{{ note }}{% endif %}"),
            ("正文", "特此通知。"),
            *_SIGN,
        ),
    ),
    "litigation_defence.docx": (
        "行政诉讼答辩状（封面）",
        (
            ("", ""),
            ("", ""),
            ("文书标题", "行政诉讼答辩状"),
            ("", ""),
            ("发文字号", "{{ court_number }}"),
            ("", ""),
            ("主送", "答辩人：{{ counterpart }}"),
            ("主送", "被答辩人（原告）：{{ applicant }}"),
            ("主送", "受诉法院：{{ court_name }}"),
            ("主送", "案由：{{ case_title }}"),
            ("主送", "提交证据：{{ evidence_count }} 件；规范性文件依据：{{ basis_count }} 件"),
            ("", ""),
            (
                "正文",
                "答辩人就{{ applicant }}诉{{ counterpart }}{{ case_title }}一案，依照《中华人民共和国"
                "行政诉讼法》第六十七条的规定，在收到起诉状副本之日起十五日内提交答辩状，并提供作出"
                "行政行为的证据和所依据的规范性文件。答辩意见附后。",
            ),
            ("", ""),
            ("落款", "答辩人：{{ counterpart }}"),
            ("落款", "{{ date_cn }}"),
        ),
    ),
}


def build(name: str) -> bytes:
    """The template `name` as .docx bytes."""
    title, paragraphs = TEMPLATES[name]
    doc = base_document()
    doc.core_properties.title = title
    for style, text in paragraphs:
        p = doc.add_paragraph(style=style or None)
        if text:
            p.add_run(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def main(target: Path = SHIPPED) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for name in TEMPLATES:
        (target / name).write_bytes(build(name))
        print(f"wrote {target / name}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else SHIPPED)

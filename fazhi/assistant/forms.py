"""Forms of the assistant's pages: a question (with the date the law is read on, for staff), a
knowledge document, and the filters of the topics page."""

from __future__ import annotations

from django import forms

from fazhi.assistant.models import Channel, DocumentKind, DocumentStatus, Route
from fazhi.assistant.services import MAX_QUESTION


class AskForm(forms.Form):
    question = forms.CharField(
        label="您的问题",
        max_length=MAX_QUESTION,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "例如：公司拖欠工资三个月怎么办"}),
        error_messages={
            "required": "请输入您的问题。",
            "max_length": f"问题不能超过 {MAX_QUESTION} 字，请简要描述。",
        },
        help_text="请用自己的话描述；不要填写身份证号码、手机号码等个人信息。",
    )
    on = forms.DateField(
        label="按哪一天有效的法律（可不填）",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "日期格式应为 2025-10-01。"},
    )


class DocumentForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    kind = forms.ChoiceField(label="类型", choices=DocumentKind.choices)
    status = forms.ChoiceField(label="状态", choices=DocumentStatus.choices)
    url = forms.CharField(label="链接（可不填）", max_length=300, required=False)
    text = forms.CharField(
        label="正文",
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="可用“一、”“（一）”或 # 标题分节，每节是一段可检索的内容。保存后需重建索引才会生效。",
    )


class TopicFilter(forms.Form):
    SHOW = (
        ("problems", "未解答或没帮助"),
        ("unanswered", "未找到相关规定"),
        ("unhelpful", "评价为没帮助"),
        ("all", "全部"),
    )
    show = forms.ChoiceField(label="显示", choices=SHOW, required=False)
    route = forms.ChoiceField(label="分流", choices=[("", "全部"), *Route.choices], required=False)
    channel = forms.ChoiceField(label="渠道", choices=[("", "全部"), *Channel.choices], required=False)
    since = forms.DateField(label="起日", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="止日", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    q = forms.CharField(label="问题包含", required=False, max_length=50)

"""送审 form: what a unit submits for legality review and by which day it needs the opinion (the
review time is checked by fazhi.law.legality in the service). Messages are Chinese, by the field."""

from __future__ import annotations

from typing import Any

from django import forms

from fazhi.cases.workflow import WorkflowError
from fazhi.core.models import OrgUnit
from fazhi.legality.workflow import MATTERS

_DATE = {"widget": forms.DateInput(attrs={"type": "date"})}


class SubmitForm(forms.Form):
    """送审登记."""

    title = forms.CharField(label="事项名称", max_length=200, help_text="如：《西湖区××管理办法（送审稿）》")
    matter_type = forms.ChoiceField(label="送审事项类型", choices=[("", "请选择"), *MATTERS])
    submitting_unit = forms.ChoiceField(label="送审单位")
    reviewing_unit = forms.ChoiceField(label="审查单位")
    submitted_on = forms.DateField(label="送审日期", **_DATE)
    opinion_requested_by = forms.DateField(
        label="要求反馈意见日期",
        required=False,
        help_text="应留出必要的审查时间：重大行政决策草案不少于7个工作日（《重大行政决策程序暂行条例》第二十六条），"
        "规范性文件草案5至15个工作日；留空按默认审查时间计算。",
        **_DATE,
    )
    submitter_name = forms.CharField(label="送审联系人", max_length=50, required=False)
    note = forms.CharField(
        label="送审说明", required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, submitting: list[OrgUnit], reviewing: list[OrgUnit], data=None, initial=None):
        super().__init__(data, initial=initial)
        self.submitting = {str(u.pk): u for u in submitting}
        self.reviewing = {str(u.pk): u for u in reviewing}
        self.fields["submitting_unit"].choices = [(k, u.name) for k, u in self.submitting.items()]
        self.fields["reviewing_unit"].choices = [(k, u.name) for k, u in self.reviewing.items()]

    def service_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "title": d["title"],
            "matter_type": d["matter_type"],
            "submitting_unit": self.submitting[d["submitting_unit"]],
            "reviewing_unit": self.reviewing[d["reviewing_unit"]],
            "submitted_on": d["submitted_on"],
            "opinion_requested_by": d.get("opinion_requested_by"),
            "submitter_name": d.get("submitter_name", ""),
            "note": d.get("note", ""),
        }

    def add_workflow_errors(self, exc: WorkflowError) -> None:
        keys = {"org_unit": "reviewing_unit", "received_on": "submitted_on"}
        for name, message in exc.errors.items():
            name = keys.get(name, name)
            self.add_error(name if name in self.fields else None, message)

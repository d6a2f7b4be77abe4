"""法律援助 forms: the application (the engine's intake form, for a natural-person applicant), the
reassessment of the hardship facts. (The records kept beside cases are registers: fazhi.registers.)"""

from __future__ import annotations

from typing import Any

from django import forms

from fazhi.cases import registry
from fazhi.cases.forms import IntakeForm, to_form_field
from fazhi.cases.workflow import WorkflowError
from fazhi.core.models import OrgUnit
from fazhi.legal_aid.kind import CREATE_FIELDS
from fazhi.legal_aid.services import REASSESS_INPUTS

DATE = forms.DateInput(attrs={"type": "date"})


def style(form: forms.Form) -> None:
    """Bootstrap classes on every widget (the templates render fields one by one)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple):
            continue
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


def mark_invalid(form: forms.Form) -> None:
    """A field with an error gets Bootstrap's red border (its message sits under it)."""
    for name in form.errors:
        if name in form.fields:
            widget = form.fields[name].widget
            if "is-invalid" not in widget.attrs.get("class", ""):
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


def add_errors(form: forms.Form, exc: WorkflowError, prefix: str = "") -> None:
    """Service errors next to their field (or above the form)."""
    for name, message in exc.errors.items():
        key = (
            name if name in form.fields else (f"{prefix}{name}" if f"{prefix}{name}" in form.fields else None)
        )
        form.add_error(key, message)
    mark_invalid(form)


class MarksInvalid:
    """Forms whose invalid fields are marked after validation."""

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        mark_invalid(self)  # type: ignore[arg-type]


class ApplicationForm(MarksInvalid, IntakeForm):
    """法律援助申请: the engine's intake form with a natural-person applicant and the line's fields."""

    def __init__(self, units: list[OrgUnit], data: Any = None):
        super().__init__(registry.get("legal_aid"), units, data)
        for name in ("applicant_type", "applicant_uscc", "enterprise_related"):
            del self.fields[name]
        self.fields["title"].label = "案由"
        self.fields["received_on"].label = "收到申请日期"
        style(self)

    def clean(self) -> dict[str, Any]:
        self.cleaned_data["applicant_type"] = "person"
        self.cleaned_data["enterprise_related"] = False
        return super().clean()

    def group(self, *names: str) -> list[forms.BoundField]:
        return [self[n] for n in names if n in self.fields]

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [
            ("收案信息", self.group("title", "org_unit", "received_on", "channel")),
            (
                "申请人",
                self.group(
                    "applicant_name",
                    "applicant_id_number",
                    "applicant_phone",
                    "applicant_address",
                    "counterpart_name",
                ),
            ),
            (
                "申请事项",
                self.group(
                    "detail_matter_type",
                    "detail_matter",
                    "detail_criminal_ground",
                    "detail_other_reason",
                    "detail_severe_penalty",
                ),
            ),
            (
                "经济困难状况与申请人情形",
                self.group(
                    "detail_circumstances",
                    "detail_household_size",
                    "detail_monthly_income_per_head",
                    "detail_has_own_agent",
                ),
            ),
            ("紧急情形（先行提供）", self.group("detail_limitation_deadline", "detail_urgent_preservation")),
            ("群体性案件", self.group("detail_is_group", "detail_applicant_count", "detail_amount_at_stake")),
        ]


class ReassessForm(MarksInvalid, forms.Form):
    """重新审查援助条件: the hardship facts after 补充材料 or verification."""

    on = forms.DateField(label="审查日期", widget=DATE)

    def __init__(self, data: Any = None, initial: dict[str, Any] | None = None):
        super().__init__(data, initial=initial)
        for f in CREATE_FIELDS:
            if f.name in REASSESS_INPUTS:
                self.fields[f.name] = to_form_field(f)
        style(self)

    def inputs(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k in REASSESS_INPUTS}

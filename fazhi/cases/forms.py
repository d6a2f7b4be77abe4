"""Forms of the generic screens. Validation messages are Chinese and sit next to their field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q

from fazhi.cases import registry
from fazhi.cases.models import Channel, PartyRole
from fazhi.cases.services import PartyInput
from fazhi.cases.workflow import Field, WorkflowError
from fazhi.core.districts import districts_of
from fazhi.core.models import OrgUnit
from fazhi.core.models.org import OrgKind
from fazhi.law.errors import LawValidationError
from fazhi.law.validators import check_id_number, check_mobile, check_uscc


def to_form_field(f: Field) -> forms.Field:
    """A Django form field for a workflow Field (same labels, same required-ness)."""
    common = {"label": f.label, "required": f.required and f.kind != "bool", "help_text": f.help}
    if f.kind == "textarea":
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=f.max_length, **common)
    if f.kind == "date":
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if f.kind == "int":
        return forms.IntegerField(**common)
    if f.kind == "decimal":
        return forms.DecimalField(**common)
    if f.kind == "choice":
        return forms.ChoiceField(choices=[("", "请选择"), *f.choices], **common)
    if f.kind == "multichoice":
        return forms.MultipleChoiceField(choices=f.choices, widget=forms.CheckboxSelectMultiple, **common)
    if f.kind == "bool":
        return forms.BooleanField(**common)
    return forms.CharField(max_length=f.max_length, **common)


def field_rows(
    fields: tuple[Field, ...], values: dict[str, Any], errors: dict[str, str]
) -> list[dict[str, Any]]:
    """What the transition template needs to render each field with its value and its error."""
    rows = []
    for f in fields:
        value = values.get(f.name, "")
        rows.append(
            {
                "f": f,
                "value": value if f.kind == "multichoice" else ("" if value is None else str(value)),
                "values": value if isinstance(value, list) else [],
                "error": errors.get(f.name, ""),
            }
        )
    return rows


def _law_check(check, value: str) -> str:
    try:
        return check(value)
    except LawValidationError as exc:
        raise forms.ValidationError(exc.message) from exc


class IntakeForm(forms.Form):
    """收案登记: basic facts, the applicant (a person or an organisation), the other side, and
    the line's own intake fields."""

    title = forms.CharField(label="案由/事项", max_length=200)
    org_unit = forms.ChoiceField(label="承办单位")
    received_on = forms.DateField(label="收到日期", widget=forms.DateInput(attrs={"type": "date"}))
    channel = forms.ChoiceField(label="来源渠道", choices=Channel.choices)
    enterprise_related = forms.BooleanField(label="涉企案件", required=False)
    applicant_type = forms.ChoiceField(
        label="申请人类型", choices=[("person", "自然人"), ("entity", "法人或其他组织")], initial="person"
    )
    applicant_name = forms.CharField(label="申请人姓名/名称", max_length=200)
    applicant_id_number = forms.CharField(label="身份证号码", required=False, max_length=30)
    applicant_phone = forms.CharField(label="联系电话", required=False, max_length=20)
    applicant_address = forms.CharField(label="住址", required=False, max_length=200)
    applicant_uscc = forms.CharField(label="统一社会信用代码", required=False, max_length=30)
    counterpart_name = forms.CharField(label="对方当事人", required=False, max_length=200)
    counterpart_agency = forms.ChoiceField(label="被申请人（行政机关）", required=False)

    def __init__(self, spec: registry.CaseKind, units: list[OrgUnit], data=None):
        super().__init__(data)
        self.spec = spec
        self.units = {str(u.pk): u for u in units}
        self.fields["org_unit"].choices = [(str(u.pk), u.name) for u in units]
        if len(units) == 1:
            self.fields["org_unit"].initial = str(units[0].pk)
        self.fields["applicant_name"].label = f"{spec.applicant_label}姓名/名称"
        self.fields["applicant_type"].label = f"{spec.applicant_label}类型"
        if spec.counterpart_agency:
            # The departments of the districts the actor may receive in only (several districts
            # share one database; another district's department is not this office's respondent).
            within = Q(pk__in=[])
            for district in districts_of(units):
                within |= Q(path__startswith=district.path)
            agencies = OrgUnit.objects.filter(within, kind=OrgKind.DEPARTMENT).order_by("path")
            self.agencies = {str(a.pk): a for a in agencies}
            self.fields["counterpart_agency"].choices = [
                ("", "请选择"),
                *((k, a.name) for k, a in self.agencies.items()),
            ]
            self.fields["counterpart_agency"].label = spec.counterpart_label
            self.fields["counterpart_agency"].required = True
            del self.fields["counterpart_name"]
        else:
            self.agencies = {}
            del self.fields["counterpart_agency"]
            self.fields["counterpart_name"].label = spec.counterpart_label
        self.detail_names = []
        for f in spec.create_fields:
            self.fields[f"detail_{f.name}"] = to_form_field(f)
            self.detail_names.append(f.name)

    def clean_applicant_id_number(self) -> str:
        value = self.cleaned_data.get("applicant_id_number", "").strip()
        return _law_check(check_id_number, value) if value else ""

    def clean_applicant_phone(self) -> str:
        value = self.cleaned_data.get("applicant_phone", "").strip()
        return _law_check(check_mobile, value) if value else ""

    def clean_applicant_uscc(self) -> str:
        value = self.cleaned_data.get("applicant_uscc", "").strip()
        return _law_check(check_uscc, value) if value else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("applicant_type") == "entity" and not data.get("applicant_uscc"):
            self.add_error("applicant_uscc", "申请人为法人或其他组织时，请填写统一社会信用代码。")
        return data

    def service_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        if d["applicant_type"] == "person":
            applicant = PartyInput(
                role=self.spec.applicant_role,
                person={
                    "name": d["applicant_name"],
                    "id_number": d["applicant_id_number"],
                    "phone": d["applicant_phone"],
                    "address": d["applicant_address"],
                },
            )
        else:
            applicant = PartyInput(
                role=self.spec.applicant_role,
                legal_entity={"name": d["applicant_name"], "uscc": d["applicant_uscc"]},
            )
        parties = [applicant]
        if self.agencies and d.get("counterpart_agency"):
            parties.append(
                PartyInput(role=self.spec.counterpart_role, org_unit=self.agencies[d["counterpart_agency"]])
            )
        elif d.get("counterpart_name"):
            parties.append(
                PartyInput(role=self.spec.counterpart_role, person={"name": d["counterpart_name"]})
            )
        return {
            "org_unit": self.units[d["org_unit"]],
            "received_on": d["received_on"],
            "title": d["title"],
            "channel": d["channel"],
            "enterprise_related": d["enterprise_related"] or d["applicant_type"] == "entity",
            "parties": parties,
            "detail": {
                name: d[f"detail_{name}"]
                for name in self.detail_names
                if d.get(f"detail_{name}") not in (None, "")
            },
        }

    def add_workflow_errors(self, exc: WorkflowError) -> None:
        for name, message in exc.errors.items():
            key = (
                name
                if name in self.fields
                else (f"detail_{name}" if f"detail_{name}" in self.fields else None)
            )
            if key is None and name.endswith(".uscc") and "applicant_uscc" in self.fields:
                key = "applicant_uscc"
            self.add_error(key, message)


__all__ = ["IntakeForm", "PartyRole", "field_rows", "to_form_field"]

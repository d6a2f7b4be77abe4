"""收案登记 of a suit: the court and its case number (checked by fazhi.law.numbering as it is typed),
the defendant agency, the plaintiffs and the act sued on. Messages are Chinese, next to the field."""

from __future__ import annotations

from typing import Any

from django import forms

from fazhi.cases.services import PartyInput
from fazhi.cases.workflow import WorkflowError
from fazhi.core.districts import districts_of
from fazhi.core.models import OrgUnit
from fazhi.core.models.org import UnitFunction
from fazhi.law.errors import LawValidationError
from fazhi.law.validators import check_id_number, check_mobile, check_uscc
from fazhi.litigation import services
from fazhi.litigation.workflow import ACT_CATEGORIES

_DATE = {"widget": forms.DateInput(attrs={"type": "date"})}


def _law_check(check, value: str) -> str:
    try:
        return check(value)
    except LawValidationError as exc:
        raise forms.ValidationError(exc.message) from exc


class LitigationIntakeForm(forms.Form):
    """行政应诉收案登记."""

    court_case_number = forms.CharField(
        label="案号", max_length=60, help_text="如（2024）浙0106行初123号，全角或半角括号、数字均可。"
    )
    court_name = forms.CharField(label="受理法院", max_length=100, help_text="如：杭州市西湖区人民法院")
    defendant_agency = forms.ChoiceField(label="被告行政机关")
    government_co_defendant = forms.BooleanField(label="区政府作为复议机关共同被告", required=False)
    title = forms.CharField(label="案由", max_length=200, help_text="如：不服行政处罚决定")
    act_category = forms.ChoiceField(label="被诉行政行为类别", choices=[("", "请选择"), *ACT_CATEGORIES])
    discretionary = forms.BooleanField(label="涉及行政机关行使自由裁量权", required=False)
    filed_on = forms.DateField(label="立案日期", **_DATE)
    received_on = forms.DateField(label="收到应诉通知日期", **_DATE)
    copy_received_on = forms.DateField(
        label="收到起诉状副本日期",
        required=False,
        help_text="答辩举证期限（15日）自此起算；尚未收到的留空，收到后在案件页登记。",
        **_DATE,
    )
    plaintiff_type = forms.ChoiceField(
        label="原告类型", choices=[("person", "自然人"), ("entity", "法人或其他组织")], initial="person"
    )
    plaintiff_name = forms.CharField(label="原告姓名/名称", max_length=200)
    plaintiff_id_number = forms.CharField(label="身份证号码", required=False, max_length=30)
    plaintiff_phone = forms.CharField(label="联系电话", required=False, max_length=20)
    plaintiff_uscc = forms.CharField(label="统一社会信用代码", required=False, max_length=30)
    third_party_name = forms.CharField(label="第三人", required=False, max_length=200)
    reconsideration_number = forms.CharField(
        label="行政复议案号/决定书文号",
        required=False,
        max_length=60,
        help_text="经行政复议后起诉的填写；能找到该复议案件时自动关联。",
    )
    enterprise_related = forms.BooleanField(label="涉企案件", required=False)
    org_unit = forms.ChoiceField(label="承办单位")

    def __init__(self, units: list[OrgUnit], data=None, initial=None):
        super().__init__(data, initial=initial)
        self.units = {str(u.pk): u for u in units}
        self.fields["org_unit"].choices = [(k, u.name) for k, u in self.units.items()]
        handling = next(
            (k for k, u in self.units.items() if u.function == UnitFunction.LITIGATION_OFFICE), None
        )
        if handling:
            self.fields["org_unit"].initial = handling
        # Agencies of the districts the actor may register suits in only (several districts share
        # one database).
        districts = districts_of(units)
        self.agencies = {str(a.pk): a for a in services.defendant_agencies(districts)}
        self.fields["defendant_agency"].choices = [
            ("", "请选择"),
            *((k, a.name) for k, a in self.agencies.items()),
        ]

    def clean_court_case_number(self) -> str:
        value = self.cleaned_data["court_case_number"]
        try:
            return services.normalise_case_number(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean_plaintiff_id_number(self) -> str:
        value = self.cleaned_data.get("plaintiff_id_number", "").strip()
        return _law_check(check_id_number, value) if value else ""

    def clean_plaintiff_phone(self) -> str:
        value = self.cleaned_data.get("plaintiff_phone", "").strip()
        return _law_check(check_mobile, value) if value else ""

    def clean_plaintiff_uscc(self) -> str:
        value = self.cleaned_data.get("plaintiff_uscc", "").strip()
        return _law_check(check_uscc, value) if value else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("plaintiff_type") == "entity" and not data.get("plaintiff_uscc"):
            self.add_error("plaintiff_uscc", "原告为法人或其他组织时，请填写统一社会信用代码。")
        return data

    def service_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        if d["plaintiff_type"] == "person":
            plaintiff = PartyInput(
                role="plaintiff",
                person={
                    "name": d["plaintiff_name"],
                    "id_number": d["plaintiff_id_number"],
                    "phone": d["plaintiff_phone"],
                },
            )
        else:
            plaintiff = PartyInput(
                role="plaintiff", legal_entity={"name": d["plaintiff_name"], "uscc": d["plaintiff_uscc"]}
            )
        third = (
            [PartyInput(role="third_party", person={"name": d["third_party_name"]})]
            if d.get("third_party_name")
            else []
        )
        return {
            "court_case_number": d["court_case_number"],
            "court_name": d["court_name"],
            "defendant_agency": self.agencies[d["defendant_agency"]],
            "government_co_defendant": d["government_co_defendant"],
            "plaintiffs": [plaintiff],
            "third_parties": third,
            "title": d["title"],
            "act_category": d["act_category"],
            "discretionary": d["discretionary"],
            "filed_on": d["filed_on"],
            "received_on": d["received_on"],
            "copy_received_on": d.get("copy_received_on"),
            "reconsideration_number": d.get("reconsideration_number", ""),
            "enterprise_related": d["enterprise_related"] or d["plaintiff_type"] == "entity",
            "org_unit": self.units[d["org_unit"]],
        }

    def add_workflow_errors(self, exc: WorkflowError) -> None:
        for name, message in exc.errors.items():
            self.add_error(name if name in self.fields else None, message)

"""启动 of a decision: the catalogue item, its 承办单位 and the flags that make steps mandatory."""

from __future__ import annotations

from typing import Any

from django import forms

from fazhi.cases.workflow import WorkflowError
from fazhi.core.models import OrgUnit
from fazhi.decisions.models import DecisionCase, DecisionCatalogue, MatterType
from fazhi.decisions.services import FLAGS

_DATE = {"widget": forms.DateInput(attrs={"type": "date"})}


def _flag(name: str) -> forms.BooleanField:
    f = DecisionCase._meta.get_field(name)
    return forms.BooleanField(label=str(f.verbose_name), required=False, help_text=str(f.help_text or ""))


class DecisionForm(forms.Form):
    """重大行政决策启动登记."""

    title = forms.CharField(label="决策事项", max_length=200, help_text="如：西湖区城中村改造实施方案")
    catalogue = forms.ChoiceField(label="所属目录")
    org_unit = forms.ChoiceField(label="承办单位")
    matter_type = forms.ChoiceField(label="事项类别", choices=[("", "请选择"), *MatterType.choices])
    received_on = forms.DateField(label="启动日期", **_DATE)
    involves_expertise = _flag("involves_expertise")
    stability_risk = _flag("stability_risk")
    market_activity = _flag("market_activity")
    hearing_held = _flag("hearing_held")
    exploratory_reform = _flag("exploratory_reform")

    def __init__(self, units: list[OrgUnit], catalogues: list[DecisionCatalogue], data=None, initial=None):
        super().__init__(data, initial=initial)
        self.units = {str(u.pk): u for u in units}
        self.catalogues = {str(c.pk): c for c in catalogues}
        self.fields["org_unit"].choices = [("", "请选择"), *((k, u.name) for k, u in self.units.items())]
        if len(units) == 1:
            self.fields["org_unit"].initial = str(units[0].pk)
        self.fields["catalogue"].choices = [
            ("", "请选择"),
            *((k, str(c)) for k, c in self.catalogues.items()),
        ]

    def service_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "title": d["title"].strip(),
            "catalogue": self.catalogues[d["catalogue"]],
            "org_unit": self.units[d["org_unit"]],
            "matter_type": d["matter_type"],
            "launched_on": d["received_on"],
            **{flag: d[flag] for flag in FLAGS},
        }

    def add_workflow_errors(self, exc: WorkflowError) -> None:
        for name, message in exc.errors.items():
            self.add_error(name if name in self.fields else None, message)

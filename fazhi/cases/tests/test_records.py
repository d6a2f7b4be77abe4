"""What a transition records on the detail row (`Record`), and fields taken from a model
(`Field.of`): pure, no database (the model is a stand-in with the `_meta.get_field` Django has)."""

from datetime import date
from types import SimpleNamespace

import pytest

from fazhi.cases.workflow import Field, Record, Transition, Workflow, recorded

ON = date(2024, 5, 6)
CASE = SimpleNamespace(number="西政复〔2024〕7号")


def test_each_source_gives_its_value():
    records = (
        Record.copy("agreement_form"),
        Record.copy("materials_items", "items"),
        Record.step_date("followed_up_on"),
        Record.case("decision_number", "number"),
        Record.const("advance_provided", True),
        Record.computed("routes", lambda data, on: "、".join(data["routes"]) + on.isoformat()),
    )
    data = {"agreement_form": "written", "items": "身份证明", "routes": ["仲裁", "诉讼"]}
    assert recorded(records, data, ON, CASE, lambda name: None) == {
        "agreement_form": "written",
        "materials_items": "身份证明",
        "followed_up_on": ON,
        "decision_number": "西政复〔2024〕7号",
        "advance_provided": True,
        "routes": "仲裁、诉讼2024-05-06",
    }


def test_once_keeps_a_value_already_there_and_when_leaves_a_step_out():
    records = (
        Record.step_date("mediation_started_on", once=True),
        Record.case("decision_number", "number", once=True),
        Record.step_date("effective_on", when=lambda data: data["appeal_result"] != "remanded"),
    )
    current = {"mediation_started_on": date(2024, 1, 2), "decision_number": ""}
    values = recorded(records, {"appeal_result": "remanded"}, ON, CASE, current.get)
    assert values == {"decision_number": CASE.number}
    values = recorded(records, {"appeal_result": "upheld"}, ON, CASE, lambda name: None)
    assert values == {"mediation_started_on": ON, "decision_number": CASE.number, "effective_on": ON}


def test_a_workflow_refuses_a_record_of_a_field_its_step_does_not_ask_for():
    step = Transition(
        "agree",
        "达成协议",
        ("open",),
        "closed",
        fields=(Field("content", "内容"),),
        records=(Record.copy("form"),),
    )
    with pytest.raises(ValueError, match="does not ask for"):
        Workflow(
            kind="k",
            label="k",
            states={"open": "办理中", "closed": "办结"},
            initial="open",
            transitions=(step,),
        )
    with pytest.raises(ValueError, match="unknown record source"):
        Record("x", "form")


class _ModelField:
    def __init__(self, internal, verbose_name, *, choices=(), blank=False, max_length=None, help_text=""):
        self.internal, self.verbose_name, self.choices = internal, verbose_name, choices
        self.blank, self.max_length, self.help_text = blank, max_length, help_text

    def get_internal_type(self):
        return self.internal


MODEL = SimpleNamespace(
    _meta=SimpleNamespace(
        get_field={
            "dispute_type": _ModelField(
                "CharField", "纠纷类型", choices=[("neighbour", "邻里纠纷")], max_length=20
            ),
            "note": _ModelField("TextField", "情况", blank=True, max_length=300, help_text="简要写明"),
            "amount": _ModelField("DecimalField", "金额", blank=True),
            "non_public": _ModelField("BooleanField", "不公开"),
        }.__getitem__
    )
)


def test_field_of_takes_label_kind_choices_and_rules_from_the_model():
    assert Field.of(MODEL, "dispute_type") == Field(
        "dispute_type", "纠纷类型", kind="choice", choices=(("neighbour", "邻里纠纷"),)
    )
    assert Field.of(MODEL, "note") == Field(
        "note", "情况", kind="textarea", required=False, help="简要写明", max_length=300
    )
    assert Field.of(MODEL, "amount").kind == "decimal"
    assert Field.of(MODEL, "non_public").required is False  # an unticked box is an answer
    assert Field.of(MODEL, "dispute_type", label="类型", required=False).label == "类型"
    with pytest.raises(ValueError, match="请填写“纠纷类型”"):
        Field.of(MODEL, "dispute_type").clean("")

"""样例案件: the engine's own test kind. A small workflow declared here (no business line), with
a detail model of the test-only app beside it, registered per test by the `sample_kind` fixture
through the public registry API. The engine's tests (worklist, case page, steps, deadlines,
numbering, instances) run on it, so fazhi.cases is tested without importing a line."""

from __future__ import annotations

from fazhi.cases.registry import CaseKind, Column
from fazhi.cases.workflow import DeadlineStart, Field, Record, Transition, Workflow
from fazhi.core.roles import Area

KIND = "sample"

CATEGORIES = (("neighbour", "邻里纠纷"), ("contract", "合同纠纷"), ("property", "物业纠纷"))

WORKFLOW = Workflow(
    kind=KIND,
    label="样例案件",
    states={
        "received": "已登记",
        "handling": "办理中",
        "settled": "已和解",
        "refused": "不予受理",
        "dropped": "已终止",
    },
    initial="received",
    outcomes={"settled": "和解", "refused": "不予受理", "dropped": "终止"},
    path=("received", "handling", "settled"),
    transitions=(
        Transition(
            "accept",
            "予以受理",
            ("received",),
            "handling",
            start=(DeadlineStart("RM-11"),),  # any rule of fazhi.law will do: a 30-day period
            accepts=True,
        ),
        Transition(
            "refuse",
            "不予受理",
            ("received",),
            "refused",
            fields=(Field("reason", "理由", kind="textarea"),),
            outcome="refused",
            closes=True,
            style="danger",
        ),
        Transition(
            "settle",
            "达成和解",
            ("handling",),
            "settled",
            fields=(
                Field("form", "和解形式", kind="choice", choices=(("written", "书面"), ("oral", "口头"))),
                Field("content", "和解内容", kind="textarea"),
            ),
            meet=("RM-11",),
            outcome="settled",
            closes=True,
            records=(Record.copy("settle_form", "form"), Record.step_date("settled_on")),
        ),
        Transition(
            "drop",
            "终止办理",
            ("handling",),
            "dropped",
            fields=(Field("reason", "终止原因", kind="textarea"),),
            cancel=("RM-11",),
            outcome="dropped",
            closes=True,
            style="danger",
        ),
    ),
)


def sample_kind() -> CaseKind:
    from fazhi.cases.tests.samplekind.models import SampleDetail

    return CaseKind(
        kind=KIND,
        label="样例案件",
        area=Area.MEDIATION,  # whose roles see it: any area will do; the street mediators' is at hand
        workflow=WORKFLOW,
        detail_model=SampleDetail,
        create_fields=(
            Field("category", "类别", kind="choice", choices=CATEGORIES),
            Field("amount", "涉及金额（元）", kind="decimal", required=False),
        ),
        columns=(Column("sample.get_category_display", "类别", display=lambda f: f() if f else ""),),
        filters=(Field("category", "类别", kind="choice", choices=CATEGORIES),),
        menu_order=999,
    )

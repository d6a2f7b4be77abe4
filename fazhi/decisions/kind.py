"""重大行政决策 as a case kind: worklist columns and filters, the case page's fields and its
checklist of statutory steps, the step forms (the gate of `fazhi.law.decisions` beside 集体讨论
决定) and the 台账. Decisions are started on the line's own screen (a catalogue item with its
承办单位 and flags), so the generic intake is not offered."""

from fazhi.cases import registry
from fazhi.cases.registry import CaseKind, Column
from fazhi.cases.workflow import Field
from fazhi.core.roles import Area
from fazhi.decisions import selectors, services
from fazhi.decisions.ledger import LEDGER
from fazhi.decisions.models import DecisionCase as X
from fazhi.decisions.workflow import WORKFLOW

KIND = CaseKind(
    kind="decision",
    label="重大行政决策",
    area=Area.LEGALITY,
    workflow=WORKFLOW,
    detail_model=X,
    number=services.decision_number,
    intake_url="decisions:new",
    intake_unit_kinds=services.UNDERTAKER_KINDS,
    columns=(
        Column.of(X, "matter_type"),
        Column("decision.catalogue.year", "目录年度"),
        Column("outcome_label", "结果"),
    ),
    filters=(
        Field("catalogue", "目录年度", kind="choice", choices=selectors.CatalogueYears()),
        Field.of(X, "matter_type", label="事项类别"),
        Field("gate", "决策进度", kind="choice", choices=selectors.GATE_FILTERS),
    ),
    filter_lookups={"catalogue": selectors.catalogue_q, "gate": selectors.gate_q},
    worklist_related=("decision__catalogue",),
    on_transition=services.ON_TRANSITION,
    detail_fields=(
        "catalogue",
        "matter_type",
        "involves_expertise",
        "stability_risk",
        "market_activity",
        "hearing_held",
        "exploratory_reform",
        "comment_from",
        "comment_until",
        "short_comment_reason",
        "comment_count",
        "hearing_on",
        "hearing_materials_on",
        "hearing_done_on",
        "expertise_on",
        "risk_assessed_on",
        "risk_level",
        "fair_competition_on",
        "review_case",
        "review_submitted_on",
        "review_allowed_until",
        "review_done_on",
        "review_outcome",
        "legal_risk_statement",
        "meeting_kind",
        "meeting_session",
        "meeting_on",
        "head_position",
        "published_on",
        "publish_channel",
        "archived_on",
        "evaluated_on",
    ),
    detail_template="decisions/_detail.html",
    transition_template="decisions/_transition_block.html",
    ledger=LEDGER,
    menu_order=60,
)
registry.register(KIND)

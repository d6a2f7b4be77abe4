"""合法性审查 as a case kind: worklist columns and filters, the case page's fields and the 台账
(`ledger.LEDGER`). What each step records on the detail row is declared on the workflow's
transitions; the hooks in `services` set the review time the submitter allowed and keep expert
opinions. A review is seen by the reviewing unit's subtree and, through `also_scoped_by`, by the
unit that submitted it."""

from fazhi.cases import registry
from fazhi.cases.registry import CaseKind, Column
from fazhi.cases.workflow import Field
from fazhi.core.roles import Area
from fazhi.legality import services
from fazhi.legality.ledger import LEDGER
from fazhi.legality.models import LegalityReview as X
from fazhi.legality.workflow import WORKFLOW

KIND = CaseKind(
    kind="legality",
    label="合法性审查",
    area=Area.LEGALITY,
    workflow=WORKFLOW,
    detail_model=X,
    intake_url="legality:new",
    intake_unit_kinds=services.REVIEWING_KINDS,
    columns=(
        Column.of(X, "matter_type", label="事项类型"),
        Column.of(X, "submitting_unit"),
        Column.of(X, "opinion_requested_by", label="要求反馈"),
        Column("outcome_label", "审查意见"),
        Column.of(X, "adoption"),
    ),
    filters=(
        Field.of(X, "matter_type", label="事项类型"),
        Field.of(X, "adoption", label="采纳情况", required=False),
    ),
    worklist_related=("legality__submitting_unit",),
    number=services.legality_number,
    on_create=services.on_create,
    on_transition=services.ON_TRANSITION,
    may_take=services.may_take,
    also_scoped_by="submitting_unit",
    detail_fields=(
        "matter_type",
        "submitting_unit",
        "submitter_name",
        "opinion_requested_by",
        "review_days",
        "materials_requested_on",
        "materials_requested",
        "materials_received_on",
        "expert_consulted",
        "reviewed_on",
        "opinion",
        "articles",
        "adoption",
        "adoption_reason",
        "feedback_on",
    ),
    detail_template="legality/_detail.html",
    ledger=LEDGER,
    menu_order=50,
)
registry.register(KIND)

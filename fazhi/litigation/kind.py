"""行政应诉 as a case kind: worklist columns and filters, the case page's fields and the 台账
(`ledger.LEDGER`). What each step records on the detail row is declared on the workflow's
transitions; the hooks in `services` check dates against the step's day and record hearings."""

from fazhi.cases import registry
from fazhi.cases.registry import CaseKind, Column
from fazhi.cases.workflow import Field
from fazhi.core.roles import Area
from fazhi.litigation import selectors, services
from fazhi.litigation.documents import DOCUMENTS
from fazhi.litigation.ledger import LEDGER
from fazhi.litigation.models import LitigationCase as X
from fazhi.litigation.workflow import WORKFLOW

KIND = CaseKind(
    kind="litigation",
    label="行政应诉",
    area=Area.LITIGATION,
    workflow=WORKFLOW,
    detail_model=X,
    intake_url="litigation:new",
    columns=(
        Column("litigation.defendant_agency.name", "被告"),
        Column("litigation.court_name", "法院"),
        Column("outcome_label", "结果"),
        Column("litigation.result_label", "败诉/调撤"),
    ),
    filters=(
        Field("agency", "被告", kind="choice", choices=selectors.AgencyChoices()),
        Field.of(X, "act_category", label="行为类别"),
        Field("result", "结果", kind="choice", choices=selectors.RESULT_FILTERS),
        Field("appearance", "出庭", kind="choice", choices=selectors.APPEARANCE_FILTERS),
    ),
    filter_lookups={
        "agency": selectors.agency_q,
        "result": selectors.result_q,
        "appearance": selectors.appearance_q,
    },
    worklist_related=("litigation__defendant_agency",),
    on_transition=services.ON_TRANSITION,
    applicant_role="plaintiff",
    applicant_label="原告",
    counterpart_role="defendant",
    counterpart_label="被告行政机关",
    counterpart_agency=True,
    detail_fields=(
        "court_name",
        "court_code",
        "instance",
        "defendant_agency",
        "government_co_defendant",
        "act_category",
        "discretionary",
        "after_reconsideration",
        "reconsideration_number",
        "filed_on",
        "copy_received_on",
        "evidence_extension_requested_on",
        "evidence_extension_granted",
        "answered_on",
        "deemed_no_evidence",
        "next_hearing_on",
        "served_on",
        "appellant",
        "appealed_on",
        "appeal_result",
        "effective_on",
    ),
    detail_template="litigation/_detail.html",
    ledger=LEDGER,
    documents=DOCUMENTS,
    menu_order=40,
)
registry.register(KIND)

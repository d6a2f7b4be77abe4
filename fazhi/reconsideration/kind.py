"""行政复议 as two case kinds — the reconsideration case and the 行政复议意见书 it issues — with
their intake fields, worklist columns and filters, and the Excel 台账. Fields come from the models;
what each step records on the detail row is declared on the workflows' transitions, and the hooks
in `services` do only what no declaration can (period check, FY-14 findings, the opinion letter,
the fast track's internal target)."""

from django.db.models import Q

from fazhi.cases import registry
from fazhi.cases.models import Case
from fazhi.cases.registry import (
    CaseKind,
    Column,
    Ledger,
    LedgerColumn,
    field_value,
    party_columns,
)
from fazhi.cases.workflow import Field
from fazhi.core import navigation, worklists
from fazhi.core.lawconfig import law_config
from fazhi.core.roles import Area
from fazhi.law.reconsideration import corrective
from fazhi.reconsideration import services
from fazhi.reconsideration.documents import DOCUMENTS
from fazhi.reconsideration.home import fast_track_panel
from fazhi.reconsideration.models import OpinionLetter
from fazhi.reconsideration.models import ReconsiderationCase as R
from fazhi.reconsideration.workflow import OPINION_WORKFLOW, WORKFLOW

YES_NO = (("1", "是"), ("0", "否"))


def corrective_q() -> Q:
    """IND-01 numerator, read at query time (the 行政协议 setting may change)."""
    return Q(reconsideration__decision__in=sorted(corrective(law_config())))


KIND = CaseKind(
    kind="reconsideration",
    label="行政复议",
    area=Area.RECONSIDERATION,
    workflow=WORKFLOW,
    detail_model=R,
    number=services.reconsideration_number,
    on_create=services.on_create,
    on_transition=services.ON_TRANSITION,
    create_fields=(
        Field.of(R, "act_description", help="如：西湖区市场监督管理局西市监罚〔2024〕12号行政处罚决定"),
        Field.of(R, "act_category"),
        Field.of(R, "act_date"),
        Field.of(R, "service_mode", help="申请期限的起算日按送达方式确定（行政复议法实施条例第十五条）"),
        Field.of(R, "service_date", help="当场作出之日、签收之日、公告期满之日、补充告知之日或证明知道之日"),
        Field.of(R, "mailed_on", help="邮寄提出申请的，以邮戳日期为提出申请之日"),
        Field.of(R, "not_informed"),
        Field.of(R, "learned_rights_on"),
        Field.of(R, "immovable"),
        Field.of(R, "amount_involved"),
        Field.of(R, "compensation_requested"),
        Field.of(R, "incomplete_intake", label="容缺接收（材料暂缺，先行接收）"),
        Field.of(R, "missing_items", max_length=1000),
    ),
    columns=(
        Column("reconsideration.respondent_name", "被申请人"),
        Column.of(R, "procedure", label="程序"),
        Column.of(R, "decision"),
        Column.of(R, "internal_due", label="快速通道内部目标"),
    ),
    filters=(
        Field("fast_track", "涉企快速通道", kind="choice", choices=YES_NO),
        Field.of(R, "procedure", label="程序"),
        Field.of(R, "decision"),
        Field("corrective", "纠错", kind="choice", choices=(("1", "纠错决定"), ("0", "非纠错"))),
        Field.of(R, "period_status", label="申请期限"),
        Field("supplement", "容缺材料", kind="choice", choices=(("pending", "待补齐"), ("done", "已补齐"))),
    ),
    filter_lookups={
        "corrective": lambda v: corrective_q() if v == "1" else ~corrective_q(),
        "supplement": lambda v: Q(
            reconsideration__incomplete_intake=True,
            reconsideration__supplement_received_on__isnull=(v == "pending"),
        ),
    },
    applicant_label="申请人",
    counterpart_label="被申请人（行政机关）",
    counterpart_agency=True,
    portal=True,  # 行政复议法 art. 22: an application may be made in writing, also online (网络)
    detail_template="reconsideration/_detail.html",
    documents=DOCUMENTS,
    detail_fields=(
        "act_description",
        "act_category",
        "act_date",
        "service_mode",
        "service_date",
        "respondent_name",
        "facts_and_reasons",
        "amount_involved",
        "compensation_requested",
    ),
    menu_order=30,
    ledger=Ledger(
        columns=(
            LedgerColumn.of(Case, "number"),
            LedgerColumn.of(Case, "received_on", required=True),
            *party_columns("applicant", "申请人", "applicant", required=True, uscc=True),
            LedgerColumn("被申请人", "respondent", required=True, value=field_value(R, "respondent_name")),
            LedgerColumn.of(R, "act_description", required=True),
            LedgerColumn.of(R, "act_category"),
            LedgerColumn.of(R, "act_date", header="行为作出日期"),
            LedgerColumn.of(R, "service_mode", header="送达方式"),
            LedgerColumn.of(R, "service_date", required=True),
            LedgerColumn.of(R, "amount_involved", header="涉及款额"),
            LedgerColumn.of(Case, "enterprise_related"),
            LedgerColumn.of(R, "incomplete_intake", header="容缺接收"),
            LedgerColumn.of(R, "missing_items"),
            LedgerColumn.of(R, "supplement_received_on", header="容缺补齐日期"),
            LedgerColumn.of(R, "procedure"),
            LedgerColumn("各方同意简易程序", "all_parties_agree", "bool", value=lambda c: ""),
            LedgerColumn.of(Case, "accepted_on"),
            LedgerColumn.of(R, "respondent_received_on"),
            LedgerColumn.of(R, "reply_received_on", header="答复日期"),
            LedgerColumn("结案方式", "decision", parse=services.parse_outcome, value=registry.outcome_label),
            LedgerColumn.of(R, "compensation_ordered"),
            LedgerColumn.of(Case, "closed_on"),
            LedgerColumn.of(R, "decision_number"),
            LedgerColumn("申请期限审查", "period_check", value=services.period_summary),
        ),
        # A row without a number is recognised on these on a re-import (reported as a duplicate).
        natural_key=("received_on", "applicant", "respondent", "act_description"),
        apply=services.reconsideration_import_row,
        # Bulk import: the same row mapping on the planner (the hooks keep to the in-memory rule,
        # but the opinion letter's, which creates another case).
        plan=services.reconsideration_import_plan,
        plan_hooks=services.PLAN_HOOKS,
        number_block=services.reconsideration_numbers,
    ),
)

OPINION_KIND = CaseKind(
    kind="opinion_letter",
    label="行政复议意见书",
    area=Area.RECONSIDERATION,
    workflow=OPINION_WORKFLOW,
    detail_model=OpinionLetter,
    number=services.opinion_letter_number,
    intake=False,  # issued from a reconsideration case (制发行政复议意见书)
    columns=(
        Column("opinion_letter.recipient.name", "收文机关"),
        Column.of(OpinionLetter, "domain"),
        Column.of(OpinionLetter, "result"),
    ),
    counterpart_label="收文机关",
    menu_order=34,
)

registry.register(KIND)
registry.register(OPINION_KIND)
worklists.register(fast_track_panel)
navigation.register(
    navigation.NavItem(
        "reconsideration_fast_track",
        "涉企复议快速通道",
        "cases:worklist",
        Area.RECONSIDERATION,
        order=32,
        url_args=("reconsideration",),
        query="fast_track=1",
    )
)

from fazhi.reconsideration import portal  # noqa: E402, F401  (its public matter registers at start)

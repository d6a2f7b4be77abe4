from django.apps import AppConfig


class ReconsiderationConfig(AppConfig):
    """行政复议: applications, acceptance review, procedure, decisions, opinion letters."""

    name = "fazhi.reconsideration"
    label = "reconsideration"
    verbose_name = "行政复议"

    def ready(self) -> None:
        from django.db.models import Q

        from fazhi.cases import registry
        from fazhi.cases.registry import CaseKind, Column, Ledger, LedgerColumn
        from fazhi.cases.workflow import Field
        from fazhi.core import navigation, worklists
        from fazhi.core.roles import Area
        from fazhi.law.reconsideration import CORRECTIVE
        from fazhi.reconsideration import services
        from fazhi.reconsideration.home import fast_track_panel
        from fazhi.reconsideration.models import (
            DECISIONS,
            SERVICE_MODES,
            ActCategory,
            OpinionLetter,
            PeriodStatus,
            ReconsiderationCase,
        )
        from fazhi.reconsideration.workflow import OPINION_WORKFLOW, PROCEDURES, WORKFLOW

        def display(f):
            return f() if f else ""

        def applicant(attr):
            def value(case):
                p = next((p for p in case.parties.all() if p.role == "applicant"), None)
                if p is None:
                    return ""
                if attr == "name":
                    return p.name
                if attr == "uscc":
                    return p.legal_entity.uscc if p.legal_entity_id else ""
                return getattr(p.person, attr, "") if p.person_id else ""

            return value

        def detail(attr):
            return lambda case: getattr(case.reconsideration, attr)

        def label(attr):
            return lambda case: getattr(case.reconsideration, f"get_{attr}_display")()

        yes_no = (("1", "是"), ("0", "否"))
        corrective = Q(reconsideration__decision__in=sorted(CORRECTIVE))  # IND-01 numerator
        registry.register(
            CaseKind(
                kind="reconsideration",
                label="行政复议",
                area=Area.RECONSIDERATION,
                workflow=WORKFLOW,
                detail_model=ReconsiderationCase,
                number=services.reconsideration_number,
                on_create=services.on_create,
                on_transition=services.ON_TRANSITION,
                create_fields=(
                    Field(
                        "act_description",
                        "被申请复议的行政行为",
                        max_length=300,
                        help="如：西湖区市场监督管理局西市监罚〔2024〕12号行政处罚决定",
                    ),
                    Field("act_category", "行为类别", kind="choice", choices=tuple(ActCategory.choices)),
                    Field("act_date", "行政行为作出日期", kind="date", required=False),
                    Field(
                        "service_mode",
                        "告知或送达方式",
                        kind="choice",
                        choices=SERVICE_MODES,
                        help="申请期限的起算日按送达方式确定（行政复议法实施条例第十五条）",
                    ),
                    Field(
                        "service_date",
                        "送达或知道日期",
                        kind="date",
                        help="当场作出之日、签收之日、公告期满之日、补充告知之日或证明知道之日",
                    ),
                    Field(
                        "mailed_on",
                        "邮寄申请日期（邮戳）",
                        kind="date",
                        required=False,
                        help="邮寄提出申请的，以邮戳日期为提出申请之日",
                    ),
                    Field(
                        "not_informed",
                        "行政机关未告知复议权利、复议机关和申请期限",
                        kind="bool",
                        required=False,
                    ),
                    Field(
                        "learned_rights_on", "知道复议权利、复议机关和期限之日", kind="date", required=False
                    ),
                    Field("immovable", "因不动产提出申请", kind="bool", required=False),
                    Field("amount_involved", "涉及款额（元）", kind="decimal", required=False),
                    Field("compensation_requested", "一并提出行政赔偿请求", kind="bool", required=False),
                    Field("incomplete_intake", "容缺接收（材料暂缺，先行接收）", kind="bool", required=False),
                    Field("missing_items", "容缺材料", kind="textarea", required=False, max_length=1000),
                ),
                columns=(
                    Column("reconsideration.respondent_name", "被申请人"),
                    Column("reconsideration.get_procedure_display", "程序", display=display),
                    Column("reconsideration.get_decision_display", "决定类型", display=display),
                    Column(
                        "reconsideration.internal_due",
                        "快速通道内部目标",
                        display=lambda d: d.isoformat() if d else "",
                    ),
                ),
                filters=(
                    Field("fast_track", "涉企快速通道", kind="choice", choices=yes_no),
                    Field("procedure", "程序", kind="choice", choices=PROCEDURES),
                    Field("decision", "决定类型", kind="choice", choices=DECISIONS),
                    Field("corrective", "纠错", kind="choice", choices=(("1", "纠错决定"), ("0", "非纠错"))),
                    Field("period_status", "申请期限", kind="choice", choices=tuple(PeriodStatus.choices)),
                    Field(
                        "supplement",
                        "容缺材料",
                        kind="choice",
                        choices=(("pending", "待补齐"), ("done", "已补齐")),
                    ),
                ),
                filter_lookups={
                    "corrective": lambda v: corrective if v == "1" else ~corrective,
                    "supplement": lambda v: Q(
                        reconsideration__incomplete_intake=True,
                        reconsideration__supplement_received_on__isnull=(v == "pending"),
                    ),
                },
                applicant_label="申请人",
                counterpart_label="被申请人（行政机关）",
                counterpart_agency=True,
                detail_template="reconsideration/_detail.html",
                detail_fields=(
                    "act_description",
                    "act_category",
                    "act_date",
                    "service_mode",
                    "service_date",
                    "respondent_name",
                    "amount_involved",
                    "compensation_requested",
                ),
                menu_order=30,
                ledger=Ledger(
                    columns=(
                        LedgerColumn("案号", "number", value=lambda c: c.number),
                        LedgerColumn(
                            "收到日期", "received_on", "date", required=True, value=lambda c: c.received_on
                        ),
                        LedgerColumn(
                            "申请人", "applicant", required=True, value=applicant("name"), pii="name"
                        ),
                        LedgerColumn(
                            "申请人身份证号",
                            "applicant_id_number",
                            value=applicant("id_number"),
                            pii="id_number",
                        ),
                        LedgerColumn("申请人电话", "applicant_phone", value=applicant("phone"), pii="phone"),
                        LedgerColumn("统一社会信用代码", "applicant_uscc", value=applicant("uscc")),
                        LedgerColumn(
                            "被申请人", "respondent", required=True, value=detail("respondent_name")
                        ),
                        LedgerColumn(
                            "被申请复议的行政行为",
                            "act_description",
                            required=True,
                            value=detail("act_description"),
                        ),
                        LedgerColumn(
                            "行为类别",
                            "act_category",
                            "choice",
                            choices=tuple(ActCategory.choices),
                            value=label("act_category"),
                        ),
                        LedgerColumn("行为作出日期", "act_date", "date", value=detail("act_date")),
                        LedgerColumn(
                            "送达方式",
                            "service_mode",
                            "choice",
                            choices=SERVICE_MODES,
                            value=label("service_mode"),
                        ),
                        LedgerColumn(
                            "送达或知道日期",
                            "service_date",
                            "date",
                            required=True,
                            value=detail("service_date"),
                        ),
                        LedgerColumn(
                            "涉及款额", "amount_involved", "decimal", value=detail("amount_involved")
                        ),
                        LedgerColumn(
                            "涉企",
                            "enterprise_related",
                            "bool",
                            value=lambda c: "是" if c.enterprise_related else "否",
                        ),
                        LedgerColumn(
                            "容缺接收",
                            "incomplete_intake",
                            "bool",
                            value=lambda c: "是" if c.reconsideration.incomplete_intake else "否",
                        ),
                        LedgerColumn("容缺材料", "missing_items", value=detail("missing_items")),
                        LedgerColumn(
                            "容缺补齐日期",
                            "supplement_received_on",
                            "date",
                            value=detail("supplement_received_on"),
                        ),
                        LedgerColumn(
                            "审理程序", "procedure", "choice", choices=PROCEDURES, value=label("procedure")
                        ),
                        LedgerColumn("各方同意简易程序", "all_parties_agree", "bool", value=lambda c: ""),
                        LedgerColumn("受理日期", "accepted_on", "date", value=lambda c: c.accepted_on),
                        LedgerColumn(
                            "被申请人收到副本日期",
                            "respondent_received_on",
                            "date",
                            value=detail("respondent_received_on"),
                        ),
                        LedgerColumn(
                            "答复日期", "reply_received_on", "date", value=detail("reply_received_on")
                        ),
                        LedgerColumn(
                            "结案方式",
                            "decision",
                            parse=services.parse_outcome,
                            value=lambda c: WORKFLOW.outcomes.get(c.outcome, ""),
                        ),
                        LedgerColumn(
                            "决定赔偿",
                            "compensation_ordered",
                            "bool",
                            value=lambda c: "是" if c.reconsideration.compensation_ordered else "否",
                        ),
                        LedgerColumn("办结日期", "closed_on", "date", value=lambda c: c.closed_on),
                        LedgerColumn("决定书文号", "decision_number", value=detail("decision_number")),
                        LedgerColumn("申请期限审查", "period_check", value=services.period_summary),
                    ),
                    apply=services.reconsideration_import_row,
                ),
            )
        )
        registry.register(
            CaseKind(
                kind="opinion_letter",
                label="行政复议意见书",
                area=Area.RECONSIDERATION,
                workflow=OPINION_WORKFLOW,
                detail_model=OpinionLetter,
                number=services.opinion_letter_number,
                on_transition=services.OPINION_ON_TRANSITION,
                intake=False,  # issued from a reconsideration case (制发行政复议意见书)
                columns=(
                    Column("opinion_letter.recipient.name", "收文机关"),
                    Column("opinion_letter.domain", "执法领域"),
                    Column("opinion_letter.get_result_display", "回复结果", display=display),
                ),
                counterpart_label="收文机关",
                menu_order=34,
            )
        )
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

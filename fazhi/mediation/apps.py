from django.apps import AppConfig


class MediationConfig(AppConfig):
    """人民调解: committees' mediation cases on the case engine."""

    name = "fazhi.mediation"
    label = "mediation"
    verbose_name = "人民调解"

    def ready(self) -> None:
        from fazhi.cases import registry
        from fazhi.cases.registry import CaseKind, Column, Ledger, LedgerColumn
        from fazhi.cases.workflow import Field
        from fazhi.core.roles import Area
        from fazhi.mediation import services
        from fazhi.mediation.models import AgreementForm, DisputeType, IntakeMode, MediationCase
        from fazhi.mediation.workflow import OUTCOMES, WORKFLOW

        def party(role):
            return lambda c: next((p.name for p in c.parties.all() if p.role == role), "")

        registry.register(
            CaseKind(
                kind="mediation",
                label="人民调解",
                area=Area.MEDIATION,
                workflow=WORKFLOW,
                detail_model=MediationCase,
                number=services.mediation_number,
                create_fields=(
                    Field("dispute_type", "纠纷类型", kind="choice", choices=tuple(DisputeType.choices)),
                    Field("intake_mode", "受理方式", kind="choice", choices=tuple(IntakeMode.choices)),
                    Field("amount_involved", "涉及金额（元）", kind="decimal", required=False),
                    Field("non_public", "当事人要求不公开调解", kind="bool", required=False),
                ),
                columns=(
                    Column(
                        "mediation.get_dispute_type_display", "纠纷类型", display=lambda f: f() if f else ""
                    ),
                ),
                filters=(
                    Field("dispute_type", "纠纷类型", kind="choice", choices=tuple(DisputeType.choices)),
                ),
                on_transition={
                    "agree": services.on_agree,
                    "apply_confirmation": services.on_apply_confirmation,
                    "follow_up": services.on_follow_up,
                    "terminate": services.on_terminate,
                },
                counterpart_label="对方当事人",
                menu_order=20,
                ledger=Ledger(
                    columns=(
                        LedgerColumn("案号", "number", value=lambda c: c.number),
                        LedgerColumn(
                            "调解委员会", "committee", required=True, value=lambda c: c.org_unit.name
                        ),
                        LedgerColumn(
                            "收到日期", "received_on", "date", required=True, value=lambda c: c.received_on
                        ),
                        LedgerColumn(
                            "纠纷类型",
                            "dispute_type",
                            "choice",
                            required=True,
                            choices=tuple(DisputeType.choices),
                            value=lambda c: c.mediation.get_dispute_type_display(),
                        ),
                        LedgerColumn("纠纷概要", "title", required=True, value=lambda c: c.title),
                        LedgerColumn(
                            "申请人", "applicant", required=True, value=party("applicant"), pii="name"
                        ),
                        LedgerColumn(
                            "申请人身份证号",
                            "applicant_id_number",
                            pii="id_number",
                            value=lambda c: next(
                                (
                                    p.person.id_number
                                    for p in c.parties.all()
                                    if p.role == "applicant" and p.person
                                ),
                                "",
                            ),
                        ),
                        LedgerColumn(
                            "申请人电话",
                            "applicant_phone",
                            pii="phone",
                            value=lambda c: next(
                                (
                                    p.person.phone
                                    for p in c.parties.all()
                                    if p.role == "applicant" and p.person
                                ),
                                "",
                            ),
                        ),
                        LedgerColumn("对方当事人", "counterpart", value=party("respondent"), pii="name"),
                        LedgerColumn(
                            "受理方式",
                            "intake_mode",
                            "choice",
                            choices=tuple(IntakeMode.choices),
                            value=lambda c: c.mediation.get_intake_mode_display(),
                        ),
                        LedgerColumn("受理日期", "accepted_on", "date", value=lambda c: c.accepted_on),
                        LedgerColumn(
                            "调解结果",
                            "result",
                            "choice",
                            choices=tuple(OUTCOMES.items()),
                            value=lambda c: OUTCOMES.get(c.outcome, ""),
                        ),
                        LedgerColumn("办结日期", "closed_on", "date", value=lambda c: c.closed_on),
                        LedgerColumn(
                            "协议形式",
                            "agreement_form",
                            "choice",
                            choices=tuple(AgreementForm.choices),
                            value=lambda c: c.mediation.get_agreement_form_display(),
                        ),
                        LedgerColumn(
                            "涉及金额",
                            "amount_involved",
                            "decimal",
                            value=lambda c: c.mediation.amount_involved,
                        ),
                        LedgerColumn(
                            "涉企",
                            "enterprise_related",
                            "bool",
                            value=lambda c: "是" if c.enterprise_related else "否",
                        ),
                    ),
                    apply=services.mediation_import_row,
                    # Bulk import: the same row mapping on the planner; the hooks only set detail
                    # fields (saved when the case is stored), and numbers come in blocks.
                    plan=services.mediation_import_row,
                    plan_hooks=frozenset({"agree", "apply_confirmation", "follow_up", "terminate"}),
                    number_block=services.mediation_numbers,
                ),
            )
        )

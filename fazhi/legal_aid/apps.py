from django.apps import AppConfig


class LegalAidConfig(AppConfig):
    """法律援助: consultations, applications, eligibility, assignment, closing, quality review."""

    name = "fazhi.legal_aid"
    label = "legal_aid"
    verbose_name = "法律援助"

    def ready(self) -> None:
        from fazhi.cases import registry
        from fazhi.cases.workflow import Field
        from fazhi.core import navigation
        from fazhi.core.roles import Action, Area
        from fazhi.legal_aid import ledger, services
        from fazhi.legal_aid.models import EligibilityOutcome, MatterType, PeerGrade
        from fazhi.legal_aid.workflow import LAWYER_POOL, WORKFLOW

        LAWYER_POOL.provider = services.pool_choices
        registry.register(
            registry.CaseKind(
                kind="legal_aid",
                label="法律援助",
                area=Area.LEGAL_AID,
                workflow=WORKFLOW,
                detail_model=services.LegalAidCase,
                number=services.legal_aid_number,
                create_fields=ledger.CREATE_FIELDS,
                columns=(
                    registry.Column("legal_aid", "事项", display=ledger.matter_display),
                    registry.Column(
                        "legal_aid.get_eligibility_outcome_display",
                        "审查结果",
                        display=lambda f: f() if f else "",
                    ),
                    registry.Column("legal_aid.lawyer", "承办律师", display=lambda v: v.name if v else ""),
                ),
                filters=(
                    Field("matter_type", "案件类别", kind="choice", choices=tuple(MatterType.choices)),
                    Field(
                        "eligibility_outcome",
                        "审查结果",
                        kind="choice",
                        choices=tuple(EligibilityOutcome.choices),
                    ),
                    Field("peer_grade", "评估等级", kind="choice", choices=tuple(PeerGrade.choices)),
                ),
                on_transition=services.HOOKS,
                on_create=services.on_case_created,
                applicant_label="申请人",
                counterpart_label="对方当事人",
                ledger=registry.Ledger(
                    columns=ledger.COLUMNS,
                    apply=services.legal_aid_import_row,
                    # Bulk import: the same row mapping on the planner. These hooks keep to the
                    # in-memory rule (an eligibility override is left to the services: it is
                    # audited on its case).
                    plan=services.legal_aid_import_row,
                    plan_hooks=frozenset(
                        {
                            "on_create",
                            "request_materials",
                            "supply_materials",
                            "grant",
                            "grant_advance",
                            "refuse",
                            "assign",
                            "reassign",
                            "complete_paperwork",
                            "close",
                            "file_report",
                            "evaluate",
                            "terminate",
                        }
                    ),
                    number_block=services.legal_aid_numbers,
                ),
                # The generic list names the matter; the line's block shows the rest (what applies).
                detail_fields=("matter_type", "matter", "criminal_ground"),
                detail_template="legal_aid/_case_block.html",
                transition_template="legal_aid/_transition_block.html",
                intake_url="legal_aid:apply",
                may_take=services.may_take,
                menu_order=30,
            )
        )
        # Records counted apart from cases; the agency's staff and leaders (export right) reach them.
        for key, label, url, order in (
            ("legal_aid_consultations", "法律咨询登记", "legal_aid:consultations", 31),
            ("legal_aid_lawyers", "法律援助律师库", "legal_aid:lawyers", 32),
            ("legal_aid_commendations", "锦旗、感谢信", "legal_aid:commendations", 33),
        ):
            navigation.register(
                navigation.NavItem(key, label, url, Area.LEGAL_AID, action=Action.EXPORT, order=order)
            )

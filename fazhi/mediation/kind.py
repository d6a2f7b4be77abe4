"""人民调解 as a case kind: the declarations the engine turns into the worklist, case page, step
forms, 台账 import/export and API. Fields come from `MediationCase`; what each step records on
the detail row is declared on the workflow's transitions (no hooks)."""

from fazhi.cases import registry
from fazhi.cases.models import Case
from fazhi.cases.registry import CaseKind, Column, Ledger, LedgerColumn, party_columns, party_value
from fazhi.cases.workflow import Field
from fazhi.core.roles import Area
from fazhi.mediation import dispute_types, services
from fazhi.mediation.documents import DOCUMENTS
from fazhi.mediation.models import MediationCase as M
from fazhi.mediation.workflow import OUTCOMES, WORKFLOW

# The types are data (fazhi.mediation.dispute_types): the choices are read when a form is drawn.
DISPUTE_TYPE = Field.of(M, "dispute_type", kind="choice", choices=dispute_types.CHOICES)  # type: ignore[arg-type]

KIND = CaseKind(
    kind="mediation",
    label="人民调解",
    area=Area.MEDIATION,
    workflow=WORKFLOW,
    detail_model=M,
    number=services.mediation_number,
    create_fields=(
        DISPUTE_TYPE,
        Field.of(M, "intake_mode"),
        Field.of(M, "amount_involved"),
        Field.of(M, "non_public", label="当事人要求不公开调解"),
    ),
    columns=(Column("mediation.dispute_type", "纠纷类型", display=dispute_types.label),),
    filters=(DISPUTE_TYPE,),
    counterpart_label="对方当事人",
    portal=True,  # 人民调解法 art. 17: a party may apply to a committee; the portal takes such applications
    documents=DOCUMENTS,
    menu_order=20,
    ledger=Ledger(
        columns=(
            LedgerColumn.of(Case, "number"),
            LedgerColumn.of(Case, "org_unit", key="committee", header="调解委员会", required=True),
            LedgerColumn.of(Case, "received_on", required=True),
            # A cell holds the type's name (local types included) or code (issue 14.8).
            LedgerColumn.of(
                M,
                "dispute_type",
                required=True,
                parse=dispute_types.resolve,
                value=lambda case: dispute_types.label(case.mediation.dispute_type),
            ),
            LedgerColumn("纠纷概要", "title", required=True),
            *party_columns("applicant", "申请人", "applicant", required=True),
            LedgerColumn("对方当事人", "counterpart", value=party_value("respondent"), pii="name"),
            LedgerColumn.of(M, "intake_mode"),
            LedgerColumn.of(Case, "accepted_on"),
            LedgerColumn(
                "调解结果", "result", "choice", choices=tuple(OUTCOMES.items()), value=registry.outcome_label
            ),
            LedgerColumn.of(Case, "closed_on"),
            LedgerColumn.of(M, "agreement_form"),
            LedgerColumn.of(M, "amount_involved", header="涉及金额"),
            LedgerColumn.of(Case, "enterprise_related"),
        ),
        # A row without a number is recognised on these on a re-import (reported as a duplicate).
        natural_key=("committee", "received_on", "applicant", "title"),
        apply=services.mediation_import_row,
        # Bulk import: the same row mapping on the planner (no hooks: the steps' records are
        # applied in memory), numbers in blocks.
        plan=services.mediation_import_row,
        number_block=services.mediation_numbers,
    ),
)
registry.register(KIND)

from fazhi.mediation import portal  # noqa: E402, F401  (its public matter registers at start)

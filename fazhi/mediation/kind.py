"""人民调解 as a case kind: the declarations the engine turns into the worklist, case page, step
forms, 台账 import/export and API. Fields come from `MediationCase`; what each step records on
the detail row is declared on the workflow's transitions (no hooks)."""

from fazhi.cases import registry
from fazhi.cases.models import Case
from fazhi.cases.registry import CaseKind, Column, Ledger, LedgerColumn, party_columns, party_value
from fazhi.cases.workflow import Field
from fazhi.core.roles import Area
from fazhi.mediation import services
from fazhi.mediation.documents import DOCUMENTS
from fazhi.mediation.models import MediationCase as M
from fazhi.mediation.workflow import OUTCOMES, WORKFLOW

KIND = CaseKind(
    kind="mediation",
    label="人民调解",
    area=Area.MEDIATION,
    workflow=WORKFLOW,
    detail_model=M,
    number=services.mediation_number,
    create_fields=(
        Field.of(M, "dispute_type"),
        Field.of(M, "intake_mode"),
        Field.of(M, "amount_involved"),
        Field.of(M, "non_public", label="当事人要求不公开调解"),
    ),
    columns=(Column.of(M, "dispute_type"),),
    filters=(Field.of(M, "dispute_type"),),
    counterpart_label="对方当事人",
    portal=True,  # 人民调解法 art. 17: a party may apply to a committee; the portal takes such applications
    documents=DOCUMENTS,
    menu_order=20,
    ledger=Ledger(
        columns=(
            LedgerColumn.of(Case, "number"),
            LedgerColumn.of(Case, "org_unit", key="committee", header="调解委员会", required=True),
            LedgerColumn.of(Case, "received_on", required=True),
            LedgerColumn.of(M, "dispute_type", required=True),
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

"""Issue 13.10 and 7b, the edges of the read path: a scoped read without a user raises instead of
returning every row (SYSTEM reads every row, explicitly); every reveal of personal data goes
through one audited gate; a search by a person's name or ID number that finds cases whose
personal data the searcher may not see is an audited read of personal data."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from fazhi.cases import selectors
from fazhi.cases.models import Case
from fazhi.cases.services import PartyInput, case_create, case_transition
from fazhi.core.models import AuditEvent
from fazhi.core.models.audit import AuditAction
from fazhi.core.roles import Role
from fazhi.core.scoping import SYSTEM, ScopeError, audited_reveal
from fazhi.indicators import registry
from fazhi.indicators.engine import Period, compute, records
from fazhi.law.validators import id_number_checksum

ID17 = "33010619850315002"
ID_NUMBER = ID17 + id_number_checksum(ID17)
Y2024 = Period(date(2024, 1, 1), date(2024, 12, 31))


@pytest.fixture
def case(make_user, xihu):
    mediator = make_user(Role.MEDIATOR, "330106002-TWH")
    case = case_create(
        actor=mediator,
        kind="mediation",
        org_unit=xihu["330106002-TWH"],
        received_on=date(2024, 3, 5),
        title="邻里漏水纠纷",
        parties=[PartyInput(role="applicant", person={"name": "欧阳明华", "id_number": ID_NUMBER})],
        detail={"dispute_type": "neighbour"},
    )
    return case_transition(actor=mediator, case=case, name="accept", on=date(2024, 3, 6))


def test_a_scoped_read_without_a_user_raises(case, xihu):
    with pytest.raises(ScopeError):
        Case.objects.scoped_for(None)
    with pytest.raises(ScopeError):
        selectors.cases_for(None)
    indicators = [registry.get("mediation.accepted")]
    with pytest.raises(ScopeError):
        compute(indicators, period=Y2024, org=xihu["330106"], user=None)
    with pytest.raises(TypeError):  # the user is a required argument of the engine
        compute(indicators, period=Y2024, org=xihu["330106"])  # type: ignore[call-arg]
    (result,) = compute(indicators, period=Y2024, org=xihu["330106"], user=SYSTEM, compare=False)
    assert result.value == 1
    measure = registry.get("mediation.accepted").numerator
    assert list(records(measure, period=Y2024, org=xihu["330106"], user=SYSTEM)) == [case]


def test_every_reveal_goes_through_one_audited_gate(case, make_user):
    auditor = make_user(Role.AUDITOR)  # sees the case, not its personal data
    with pytest.raises(PermissionDenied):
        audited_reveal(auditor, case, detail={"field": "id_number"})
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW_PII).exists()
    mediator = make_user(Role.MEDIATOR, "330106002-TWH")
    audited_reveal(mediator, case, detail={"field": "id_number"})
    (event,) = AuditEvent.objects.filter(action=AuditAction.VIEW_PII)
    assert event.object_id == str(case.pk) and event.detail["field"] == "id_number"


@pytest.mark.parametrize("query", ["欧阳明华", ID_NUMBER])
def test_a_person_search_by_a_role_without_the_right_is_an_audited_read(case, make_user, query):
    auditor = make_user(Role.AUDITOR)
    found = selectors.worklist(
        auditor, "mediation", selectors.WorklistQuery(q=query), today=date(2024, 12, 31)
    )
    assert list(found) == [case]  # within the auditor's scope, as before
    (event,) = AuditEvent.objects.filter(action=AuditAction.VIEW_PII, actor=auditor)
    assert event.detail["cases"] == 1 and event.detail["kind"] == "mediation"
    assert query not in str(event.detail) and event.detail["search_hash"]  # masked, with its keyed hash


def test_a_search_by_title_or_by_a_role_with_the_right_is_not_recorded(case, make_user):
    auditor = make_user(Role.AUDITOR)
    selectors.worklist(auditor, "mediation", selectors.WorklistQuery(q="漏水"), today=date(2024, 12, 31))
    mediator = make_user(Role.MEDIATOR, "330106002-TWH")
    found = selectors.worklist(
        mediator, "mediation", selectors.WorklistQuery(q="欧阳"), today=date(2024, 12, 31)
    )
    assert list(found) == [case]
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW_PII).exists()

"""Scoping for every role: a grant covers its org unit's subtree and nothing else; lawyers see
only what is assigned to them; public users only what they submitted."""

from dataclasses import replace

import pytest

from fazhi.core.models import OrgUnit
from fazhi.core.roles import Action, Area, Role
from fazhi.core.scoping import can, scoped_for
from fazhi.core.tests.scopeapp.models import Thing

BEISHAN, SANDUN = "330106002", "330106109"


@pytest.fixture
def world(xihu, make_user):
    """Things in two streets, a community of one street, the district, and one assigned/submitted."""
    citizen = make_user(Role.PUBLIC, username="citizen")
    lawyer = make_user(Role.LEGAL_AID_LAWYER, username="lawyer")
    things = {
        "beishan_committee": Thing.objects.create(title="北山街道", org_unit=xihu[f"{BEISHAN}-TWH"]),
        "beishan_community": Thing.objects.create(title="上保社区", org_unit=xihu["330106002051-TWH"]),
        "sandun": Thing.objects.create(title="三墩镇", org_unit=xihu[f"{SANDUN}-TWH"], submitted_by=citizen),
        "district": Thing.objects.create(title="区调委会", org_unit=xihu["330106-TWH"]),
        "legal_aid_centre": Thing.objects.create(
            title="法援中心", org_unit=xihu["330106-FYZX"], assignee=lawyer
        ),
    }
    return {"things": things, "citizen": citizen, "lawyer": lawyer}


ALL = {"beishan_committee", "beishan_community", "sandun", "district", "legal_aid_centre"}
# role, grant org, expected visible things in the mediation area
MATRIX = [
    (Role.LEADER, "330106", ALL),
    (Role.ADMIN, "330106", ALL),
    (Role.AUDITOR, "330106", ALL),
    (Role.RECONSIDERATION_OFFICER, "330106", set()),
    (Role.LITIGATION_OFFICER, "330106", set()),
    (Role.LEGAL_AID_STAFF, "330106", set()),
    (Role.LEGALITY_REVIEWER, "330106", set()),
    (Role.DEPARTMENT_OFFICER, "330106-SCJG", set()),
    (Role.ENTERPRISE_SERVICE, "330106", set()),
    (Role.JUSTICE_OFFICE_STAFF, BEISHAN, {"beishan_committee", "beishan_community"}),
    (Role.JUSTICE_OFFICE_STAFF, SANDUN, {"sandun"}),
    (Role.MEDIATOR, f"{BEISHAN}-TWH", {"beishan_committee"}),
    (Role.MEDIATOR, "330106002051-TWH", {"beishan_community"}),
]


def visible(user, action=Action.VIEW, area=None):
    qs = Thing.objects.all()
    if area:
        Thing.scope, saved = replace(Thing.scope, area=area), Thing.scope
        try:
            return {t for t in scoped_for(user, action, qs).values_list("title", flat=True)}
        finally:
            Thing.scope = saved
    return set(scoped_for(user, action, qs).values_list("title", flat=True))


def titles(world, keys):
    return {world["things"][k].title for k in keys}


def test_matrix_covers_every_role():
    assert {row[0] for row in MATRIX} | {Role.LEGAL_AID_LAWYER, Role.PUBLIC} == set(Role)


@pytest.mark.parametrize("role,org,expected", MATRIX, ids=[f"{r.value}@{o}" for r, o, _ in MATRIX])
def test_role_sees_exactly_its_scope(world, make_user, role, org, expected):
    user = make_user(role, org)
    assert visible(user) == titles(world, expected)


def test_lawyer_sees_only_assigned_cases(world, make_user):
    lawyer = world["lawyer"]
    assert visible(lawyer, area=Area.LEGAL_AID) == {"法援中心"}
    other_lawyer = make_user(Role.LEGAL_AID_LAWYER)
    assert visible(other_lawyer, area=Area.LEGAL_AID) == set()
    assert visible(lawyer) == set()  # lawyers have no mediation rights


def test_public_user_sees_only_own_submissions(world, make_user):
    assert visible(world["citizen"]) == {"三墩镇"}
    assert visible(make_user(Role.PUBLIC)) == set()


def test_street_user_never_sees_another_street(world, make_user):
    beishan = make_user(Role.JUSTICE_OFFICE_STAFF, BEISHAN)
    sandun = make_user(Role.JUSTICE_OFFICE_STAFF, SANDUN)
    assert "三墩镇" not in visible(beishan)
    assert not visible(sandun) & {"北山街道", "上保社区"}
    assert not can(beishan, Action.VIEW, world["things"]["sandun"])
    assert can(beishan, Action.VIEW, world["things"]["beishan_community"])


@pytest.mark.parametrize(
    "role,org,may_change,may_see_pii",
    [
        (Role.LEADER, "330106", False, False),
        (Role.AUDITOR, "330106", False, False),
        (Role.ADMIN, "330106", True, False),
        (Role.JUSTICE_OFFICE_STAFF, BEISHAN, True, True),
        (Role.MEDIATOR, f"{BEISHAN}-TWH", True, True),
    ],
)
def test_actions_beyond_view(world, make_user, role, org, may_change, may_see_pii):
    user = make_user(role, org)
    thing = world["things"]["beishan_committee"]
    assert can(user, Action.CHANGE, thing) is may_change
    assert can(user, Action.VIEW_PII, thing) is may_see_pii


def test_grant_on_two_units_is_the_union(world, make_user, xihu):
    from fazhi.core.models import RoleGrant

    user = make_user(Role.JUSTICE_OFFICE_STAFF, BEISHAN)
    RoleGrant.objects.create(user=user, role=Role.JUSTICE_OFFICE_STAFF, org_unit=xihu[SANDUN])
    assert visible(user) == {"北山街道", "上保社区", "三墩镇"}


def test_expired_grant_gives_nothing(world, make_user):
    from datetime import timedelta

    from django.utils import timezone

    user = make_user(Role.LEADER)
    user.grants.update(valid_until=timezone.now() - timedelta(minutes=1))
    assert visible(user) == set()


def test_anonymous_and_inactive_users_see_nothing(world, make_user):
    from django.contrib.auth.models import AnonymousUser

    assert visible(AnonymousUser()) == set()
    user = make_user(Role.LEADER)
    user.is_active = False
    assert visible(user) == set()


def test_org_units_are_scoped_by_subtree(make_user, xihu):
    user = make_user(Role.JUSTICE_OFFICE_STAFF, BEISHAN)
    units = OrgUnit.objects.scoped_for(user, Action.VIEW)
    assert units.count() > 3
    assert all(u.path.startswith(xihu[BEISHAN].path) for u in units)
    assert not units.filter(code=SANDUN).exists()

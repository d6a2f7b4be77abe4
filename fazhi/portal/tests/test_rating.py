"""Rating a matter when it ends (评价): once, by its owner, only when ended; the ratings count in
services.satisfaction_rate beside the network's service records, with an exact drill-down."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.cases.services import case_transition
from fazhi.core.models import OrgUnit
from fazhi.core.roles import Role
from fazhi.core.scoping import SYSTEM
from fazhi.indicators import registry
from fazhi.indicators.engine import Period, breakdown, compute, records
from fazhi.network.defaults import ensure_resource_types
from fazhi.network.models import SATISFIED_RATINGS
from fazhi.portal.models import Submission
from fazhi.portal.services import MatterActionError, portal_rate, submission_create
from fazhi.portal.tests.timeline_matters import declare
from fazhi.registers import declarations
from fazhi.registers.services import register_create

pytestmark = pytest.mark.django_db
RATE = "services.satisfaction_rate"


@pytest.fixture
def matters(monkeypatch, xihu):
    return declare(monkeypatch)


@pytest.fixture
def citizen(make_user):
    return make_user(Role.PUBLIC)


@pytest.fixture
def fuyi(make_user):
    return make_user(Role.RECONSIDERATION_OFFICER, "330106-FYJ")


def ended(citizen, fuyi) -> Submission:
    """A reconsideration application refused (不予受理): the matter has ended."""
    s, _ = submission_create(actor=citizen, matter_key="t_reconsideration", data={"name": "王申请"})
    case_transition(
        actor=fuyi, case=s.case, name="not_accept", data={"ground": "scope", "reason": "内部管理行为"}
    )
    s.refresh_from_db()
    return s


def test_rated_once_by_the_owner_only_when_ended(matters, citizen, fuyi, make_user):
    open_one, _ = submission_create(actor=citizen, matter_key="t_reconsideration", data={})
    with pytest.raises(MatterActionError, match="办结后才能评价"):
        portal_rate(actor=citizen, submission=open_one, rating="satisfied")
    s = ended(citizen, fuyi)
    with pytest.raises(MatterActionError, match="只有提交人本人"):
        portal_rate(actor=make_user(Role.PUBLIC), submission=s, rating="satisfied")
    with pytest.raises(MatterActionError, match="请选择满意") as bad:
        portal_rate(actor=citizen, submission=s, rating="great")
    assert bad.value.field == "rating"
    with pytest.raises(MatterActionError, match="不能超过 500 个字"):
        portal_rate(actor=citizen, submission=s, rating="basic", comment="慢" * 501)
    with pytest.raises(MatterActionError, match="控制字符"):
        portal_rate(actor=citizen, submission=s, rating="basic", comment="好\x00")
    portal_rate(actor=citizen, submission=s, rating="basic", comment="答复清楚")
    s.refresh_from_db()
    assert (s.rating, s.rating_comment) == ("basic", "答复清楚") and s.rated_at is not None
    with pytest.raises(MatterActionError, match="已经评价过"):
        portal_rate(actor=citizen, submission=s, rating="dissatisfied")
    s.refresh_from_db()
    assert s.rating == "basic"


def test_rating_on_the_matter_page(client, matters, citizen, fuyi):
    s = ended(citizen, fuyi)
    client.force_login(citizen)
    page = client.get(reverse("portal:matter", args=[s.number])).content.decode()
    assert 'data-testid="rate"' in page and "您的权利" in page
    bad = client.post(reverse("portal:rate", args=[s.number]), {"rating": "", "comment": "x"})
    assert bad.status_code == 400 and "请选择满意" in bad.content.decode()
    done = client.post(
        reverse("portal:rate", args=[s.number]), {"rating": "satisfied", "comment": "很好"}, follow=True
    )
    html = done.content.decode()
    assert "感谢您的评价" in html and 'data-testid="rated"' in html and 'data-testid="rate"' not in html


def _service_record(actor, rating: str, served_on: date) -> None:
    register_create(
        actor=actor,
        reg=declarations.get("service_records"),
        values={
            "served_on": served_on,
            "channel": "resident",
            "service_type": "notary",
            "org_unit": "330106002",
            "rating": rating,
        },
    )


def test_portal_ratings_feed_the_satisfaction_rate_with_an_exact_drill_down(
    client, matters, citizen, fuyi, make_user
):
    ensure_resource_types()
    admin = make_user(Role.ADMIN, "330106")
    this_year = timezone.localdate().year
    period = Period(date(this_year, 1, 1), date(this_year, 12, 31))
    served = date(this_year, 1, 15)
    record_ratings = ["satisfied", "dissatisfied"]
    for r in record_ratings:
        _service_record(admin, r, served)
    portal_ratings = ["satisfied", "basic", "dissatisfied"]
    rated = []
    for r in portal_ratings:
        s = ended(citizen, fuyi)
        portal_rate(actor=citizen, submission=s, rating=r)
        rated.append(s)
    # not counted: ended but not rated; rated last year
    ended(citizen, fuyi)
    last_year = ended(citizen, fuyi)
    portal_rate(actor=citizen, submission=last_year, rating="satisfied")
    Submission.objects.filter(pk=last_year.pk).update(rated_at=timezone.now().replace(year=this_year - 1))

    xihu = OrgUnit.objects.get(code="330106")
    result = compute([registry.get(RATE)], period=period, org=xihu, user=SYSTEM, compare=False)[0]
    good = {str(r) for r in SATISFIED_RATINGS}
    want_num = sum(r in good for r in record_ratings + portal_ratings)
    want_den = len(record_ratings) + len(portal_ratings)
    assert (result.numerator, result.denominator) == (want_num, want_den)

    # drill-down: the portal part lists exactly the satisfied portal ratings of the period
    indicator = registry.get(RATE)
    part = indicator.numerator.parts[1]
    rows = set(records(part, period=period, org=xihu, user=SYSTEM).values_list("number", flat=True))
    assert rows == {s.number for s, r in zip(rated, portal_ratings, strict=True) if r in good}
    den_rows = records(indicator.denominator.parts[1], period=period, org=xihu, user=SYSTEM)
    assert set(den_rows.values_list("number", flat=True)) == {s.number for s in rated}
    # the month breakdown groups the portal's ratings by the day they were given
    by_month = breakdown(indicator, "month", period=period, org=xihu, user=SYSTEM)
    assert sum(r["denominator"] or 0 for r in by_month) == want_den

    client.force_login(make_user(Role.LEADER))
    url = (
        reverse("indicators:drill", args=[RATE])
        + f"?from={period.start}&to={period.end}&org=330106&component=1"
    )
    page = client.get(url).content.decode()
    assert "网上办事评价为满意或基本满意" in page
    for s, r in zip(rated, portal_ratings, strict=True):
        assert (s.number in page) == (r in good)
    assert last_year.number not in page


def test_a_rating_counts_for_the_receiving_unit(matters, citizen, fuyi):
    s = ended(citizen, fuyi)
    portal_rate(actor=citizen, submission=s, rating="satisfied")
    sandun = OrgUnit.objects.get(code="330106109")
    Submission.objects.filter(pk=s.pk).update(org_unit=OrgUnit.objects.get(code="330106109-SFS"))
    year = timezone.localdate().year
    period = Period(date(year, 1, 1), date(year, 12, 31) + timedelta(days=0))
    at_sandun = compute([registry.get(RATE)], period=period, org=sandun, user=SYSTEM, compare=False)[0]
    beishan = OrgUnit.objects.get(code="330106002")
    at_beishan = compute([registry.get(RATE)], period=period, org=beishan, user=SYSTEM, compare=False)[0]
    assert (at_sandun.numerator, at_sandun.denominator) == (1, 1)
    assert (at_beishan.numerator, at_beishan.denominator) == (0, 0)

"""The nightly deadlines_expire on 行政复议 cases.

Issue 13: every lapse is on the timeline and in the audit log; one transaction per case, so one
case that fails does not undo the others. Issue 14.1: no automatic legal effect (视为放弃, 视为受理, 逾期未答复, FY-23 终止) is taken on a day
that is only provisional (its year's holiday arrangement is not published): the nightly job puts the
deadline on the 待人工确认 list, and a person's confirmation takes the effect."""

from datetime import date as D
from datetime import timedelta

import pytest

from fazhi.cases import plans
from fazhi.cases.models import DeadlineState, EventKind
from fazhi.cases.selectors import deadlines_to_confirm
from fazhi.cases.services import (
    CasePermissionError,
    case_transition,
    deadline_confirm_expiry,
    deadlines_expire,
)
from fazhi.core.models import AuditEvent
from fazhi.core.roles import Role


@pytest.fixture(autouse=True)
def january_2027(monkeypatch):
    """Today is 2027-01-20: the 2026-12 application is in the past (2027's notice still unpublished)."""
    monkeypatch.setattr(plans, "today", lambda: D(2027, 1, 20))


def in_correction(officer, application):
    """A 补正 notice received on 2026-12-24: FY-07's 10 working days run past 2027-01-01 (元旦)."""
    case = application(
        officer, received_on=D(2026, 12, 21), service_date=D(2026, 12, 15), act_date=D(2026, 12, 14)
    )
    return case_transition(
        actor=officer,
        case=case,
        name="request_correction",
        data={"items": "身份证明", "notice_received_on": "2026-12-24"},
        on=D(2026, 12, 23),
    )


def test_deemed_abandonment_on_a_provisional_day_waits_for_a_person(officer, application):
    case = in_correction(officer, application)
    fy07 = case.deadlines.get(rule_id="FY-07")
    assert (fy07.due, fy07.provisional) == (D(2027, 1, 8), True)  # 元旦 2027-01-01 is no working day

    assert deadlines_expire(on=D(2027, 1, 9)) == 1
    case.refresh_from_db()
    fy07.refresh_from_db()
    assert case.status == "correction" and case.outcome == ""  # 视为放弃 did not fire by itself
    assert fy07.state == DeadlineState.TO_CONFIRM
    event = case.events.get(kind=EventKind.DEADLINE)
    assert event.summary.startswith("期限届满待人工确认：") and event.on == fy07.due
    assert AuditEvent.objects.filter(object_id=str(case.pk), detail__deadline=fy07.pk).count() == 1
    assert list(deadlines_to_confirm(officer)) == [fy07]
    assert deadlines_expire(on=D(2027, 1, 10)) == 0  # the next night leaves it on the list

    case = deadline_confirm_expiry(actor=officer, deadline=fy07)
    fy07.refresh_from_db()
    # The 补正 period has run out: the case waits out the transit time of material posted in time
    # (FY-07b, 在途时间, issue 14.2c) — on a provisional day too, only once a person confirmed.
    assert (case.status, case.outcome) == ("correction_lapsed", "")
    assert fy07.state != DeadlineState.TO_CONFIRM and list(deadlines_to_confirm(officer)) == []
    confirm = AuditEvent.objects.filter(actor=officer, detail__confirmed_deadline=fy07.pk)
    assert confirm.count() == 1

    fy07b = case.deadlines.get(rule_id="FY-07b")
    assert fy07b.provisional  # 2027 is still unpublished
    deadlines_expire(on=fy07b.due + timedelta(days=1))
    case.refresh_from_db()
    assert case.status == "correction_lapsed"  # 视为放弃 does not fire by itself either
    case = deadline_confirm_expiry(actor=officer, deadline=case.deadlines.get(rule_id="FY-07b"))
    assert (case.status, case.outcome, case.closed_on) == ("abandoned", "FANGQI", fy07b.due)


def test_only_someone_who_may_change_the_case_confirms(officer, application, make_user):
    case = in_correction(officer, application)
    deadlines_expire(on=D(2027, 1, 9))
    fy07 = case.deadlines.get(rule_id="FY-07")
    street = make_user(Role.MEDIATOR, username="street_mediator")
    assert list(deadlines_to_confirm(street)) == []
    with pytest.raises(CasePermissionError):
        deadline_confirm_expiry(actor=street, deadline=fy07)
    fy07.refresh_from_db()
    assert fy07.state == DeadlineState.TO_CONFIRM


def test_a_published_day_still_takes_its_effect_at_night(officer, application):
    case = application(officer)  # 2024: published
    case = case_transition(
        actor=officer,
        case=case,
        name="request_correction",
        data={"items": "身份证明", "notice_received_on": "2024-03-08"},
        on=D(2024, 3, 7),
    )
    fy07 = case.deadlines.get(rule_id="FY-07")
    assert not fy07.provisional
    deadlines_expire(on=D(2024, 3, 30))
    case.refresh_from_db()
    assert case.status == "correction_lapsed"  # then the transit time of posted material (FY-07b)
    deadlines_expire(on=case.deadlines.get(rule_id="FY-07b").due + timedelta(days=1))
    case.refresh_from_db()
    assert case.status == "abandoned"


def test_the_list_page_shows_the_lapse_and_a_confirmation_takes_the_effect(officer, application, client):
    case = in_correction(officer, application)
    deadlines_expire(on=D(2027, 1, 9))
    fy07 = case.deadlines.get(rule_id="FY-07")
    client.force_login(officer)
    page = client.get("/cases/deadlines/to-confirm/")
    assert page.status_code == 200
    html = page.content.decode()
    assert case.number in html and "视为放弃行政复议申请" in html and "2027-01-08" in html
    response = client.post(f"/cases/deadlines/{fy07.pk}/confirm/")
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "correction_lapsed"
    assert client.post(f"/cases/deadlines/{fy07.pk}/confirm/").status_code == 404  # not on the list any more
    assert "没有待人工确认的期限" in client.get("/cases/deadlines/to-confirm/").content.decode()


def test_each_lapse_is_on_the_timeline_and_audited_and_one_failing_case_does_not_stop_the_run(
    officer, application, monkeypatch, caplog
):
    from fazhi.cases import services

    accepted = [
        case_transition(
            actor=officer,
            case=application(officer),
            name="accept",
            data={"procedure": "ordinary"},
            on=D(2024, 3, 6),
        )
        for _ in range(2)
    ]
    broken, fine = accepted
    real = services._refresh_next_due

    def fail_for_broken(case):
        if case.pk == broken.pk:
            raise RuntimeError("disk full")
        return real(case)

    monkeypatch.setattr(services, "_refresh_next_due", fail_for_broken)
    before = dict(broken.deadlines.values_list("rule_id", "state"))
    with caplog.at_level("ERROR", logger="fazhi.cases.services"):
        count = deadlines_expire(on=D(2024, 12, 31))  # FY-09 (send copy), FY-15 (decide) … lapsed
    assert count > 0 and "期限届满处理失败" in caplog.text and str(broken.pk) in caplog.text
    assert dict(broken.deadlines.values_list("rule_id", "state")) == before
    assert not broken.events.filter(kind=EventKind.DEADLINE).exists()  # rolled back whole
    fy15 = fine.deadlines.get(rule_id="FY-15")
    assert fy15.state == DeadlineState.MISSED
    event = fine.events.get(kind=EventKind.DEADLINE, data__deadline=fy15.pk)
    assert (event.summary, event.on, event.actor_id) == (f"期限届满：{fy15.title}（已超期）", fy15.due, None)
    audit = AuditEvent.objects.get(detail__deadline=fy15.pk)
    assert (audit.actor_id, audit.actor_name, audit.object_id) == (None, "系统", str(fine.pk))


def test_deemed_acceptance_on_a_provisional_day_waits_for_a_person(officer, application):
    """FY-05a 视为受理 (art. 30 para 3) is an automatic effect too: not on an estimated day."""
    case = application(
        officer, received_on=D(2026, 12, 29), service_date=D(2026, 12, 20), act_date=D(2026, 12, 18)
    )
    fy05 = case.deadlines.get(rule_id="FY-05")
    assert (fy05.due, fy05.provisional) == (D(2027, 1, 6), True)  # 5 working days, 元旦 not one of them
    deadlines_expire(on=D(2027, 1, 7))
    case.refresh_from_db()
    fy05.refresh_from_db()
    assert (case.status, case.accepted_on, fy05.state) == ("received", None, DeadlineState.TO_CONFIRM)
    case = deadline_confirm_expiry(actor=officer, deadline=fy05)
    assert (case.status, case.accepted_on) == ("accepted", D(2027, 1, 6))
    assert case.reconsideration.deemed_accepted

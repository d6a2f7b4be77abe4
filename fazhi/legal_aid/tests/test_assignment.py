"""指派 that fits the work: the picker (scoped, searchable, caseload and fields, the rotation's
suggestion, retired lawyers never offered), the service's own refusal of a retired lawyer, and the
assigned lawyer told at once (站内通知 + SMS outbox) and finding the case on their workbench."""

from datetime import date

import pytest
from django.urls import reverse

from fazhi.cases.models import Case
from fazhi.cases.services import case_transition
from fazhi.cases.workflow import WorkflowError
from fazhi.core import notifications
from fazhi.core.models import Notification, OrgUnit, Person, SmsMessage, SmsStatus
from fazhi.core.roles import Role
from fazhi.legal_aid import selectors, services
from fazhi.legal_aid.registers import LAWYERS
from fazhi.legal_aid.tests.conftest import ID_NUMBER, add_lawyer
from fazhi.registers.services import register_retire, register_update


def step(actor, case, name, on, **data):
    return case_transition(actor=actor, case=case, name=name, data=data, on=on)


@pytest.fixture
def granted(fayuan, apply):
    """A granted labour-pay application (劳动争议), ready to be assigned."""
    return step(fayuan, apply(fayuan), "grant", date(2024, 3, 5))


@pytest.fixture
def staffed_pool(pool, fayuan):
    """周律师 (劳动争议, phone on record) and 吴律师 (婚姻家庭), 吴 already busy with one open case."""
    register_update(
        actor=fayuan,
        reg=LAWYERS,
        obj=pool["zhou"],
        values={"specialties": "劳动争议、人身损害赔偿", "phone": "13900001111"},
    )
    register_update(actor=fayuan, reg=LAWYERS, obj=pool["wu"], values={"specialties": "婚姻家庭"})
    return pool


# --- the service --------------------------------------------------------------------------------


def test_the_service_refuses_a_retired_lawyer_with_the_reason_on_the_field(fayuan, granted, pool):
    register_retire(actor=fayuan, reg=LAWYERS, obj=pool["wu"], on=date(2024, 3, 5))
    with pytest.raises(WorkflowError) as exc:
        step(fayuan, granted, "assign", date(2024, 3, 6), lawyer=str(pool["wu"].pk))
    assert (
        exc.value.errors["lawyer"]
        == "吴律师已于2024-03-05移出法律援助律师库，不能再被指派新案件；请选择在库律师。"
    )
    assert Case.objects.get(pk=granted.pk).status == "granted"
    with pytest.raises(WorkflowError) as exc:  # an id not in the pool at all
        step(fayuan, granted, "assign", date(2024, 3, 6), lawyer="999999")
    assert "无效" in exc.value.errors["lawyer"]


def test_the_assignment_step_page_shows_the_retirement_error_next_to_the_picker(
    client, fayuan, granted, pool
):
    register_retire(actor=fayuan, reg=LAWYERS, obj=pool["wu"], on=date(2024, 3, 5))
    client.force_login(fayuan)
    url = reverse("cases:do", args=["legal_aid", granted.pk, "assign"])
    response = client.post(url, {"on": "2024-03-06", "lawyer": str(pool["wu"].pk)})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="error-lawyer"' in html and "移出法律援助律师库" in html


# --- notifications ------------------------------------------------------------------------------


def test_the_assigned_lawyer_is_notified_in_the_platform_and_by_sms_after_commit(
    fayuan, granted, staffed_pool, lawyer_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        case = step(fayuan, granted, "assign", date(2024, 3, 6), lawyer=str(staffed_pool["zhou"].pk))
        assert not Notification.objects.exists()  # nothing before the commit
    assert callbacks
    note = Notification.objects.get()
    assert note.recipient == lawyer_user and note.read_at is None
    assert case.number in note.title and note.link == reverse("cases:detail", args=["legal_aid", case.pk])
    sms = SmsMessage.objects.get()
    assert sms.recipient == lawyer_user and sms.phone == "13900001111"
    assert sms.status == SmsStatus.RECORDED and sms.sent_at is not None  # the default backend records only
    assert case.number in sms.text and "王小明" not in sms.text and ID_NUMBER not in sms.text
    assert notifications.unread_count(lawyer_user) == 1


def test_the_sms_goes_to_the_number_on_the_lawyers_account_when_the_pool_has_none(
    fayuan, granted, pool, lawyer_user, django_capture_on_commit_callbacks
):
    lawyer_user.person = Person.objects.create(name="周律师", phone="13700002222")
    lawyer_user.save()
    with django_capture_on_commit_callbacks(execute=True):
        step(fayuan, granted, "assign", date(2024, 3, 6), lawyer=str(pool["zhou"].pk))
    assert SmsMessage.objects.get().phone == "13700002222"


def test_reassignment_tells_the_new_lawyer_and_the_replaced_one(
    fayuan, granted, pool, lawyer_user, other_lawyer_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = step(fayuan, granted, "assign", date(2024, 3, 6), lawyer=str(pool["zhou"].pk))
        step(fayuan, case, "reassign", date(2024, 3, 7), lawyer=str(pool["wu"].pk), note="利益冲突回避")
    titles = dict(Notification.objects.values_list("recipient__username", "title").order_by("id")[1:])
    assert titles[other_lawyer_user.username].startswith("新指派法律援助案件")
    assert Notification.objects.filter(
        recipient=lawyer_user, title__startswith="法律援助案件已更换承办律师"
    ).exists()
    assert SmsMessage.objects.filter(recipient=other_lawyer_user).count() == 1  # the replaced: no SMS


def test_no_one_is_notified_of_assignments_made_inside_suppressed_work(
    fayuan, granted, pool, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), notifications.suppressed():
        step(fayuan, granted, "assign", date(2024, 3, 6), lawyer=str(pool["zhou"].pk))
    assert not Notification.objects.exists() and not SmsMessage.objects.exists()


def test_a_ledger_import_of_past_assignments_notifies_nobody(
    fayuan, pool, django_capture_on_commit_callbacks
):
    row = {
        "org": "330106-FYZX",
        "received_on": date(2024, 3, 4),
        "matter_type": "civil",
        "matter": "LABOUR_PAY",
        "title": "台账导入的案件",
        "applicant": "赵某",
        "household_size": 3,
        "monthly_income_per_head": "1500",
        "decision": "granted",
        "decided_on": date(2024, 3, 5),
        "lawyer": "周律师",
        "assigned_on": date(2024, 3, 6),
    }
    with django_capture_on_commit_callbacks(execute=True):
        case = services.legal_aid_import_row(actor=fayuan, row=row)
    assert case.legal_aid.lawyer == pool["zhou"]
    assert not Notification.objects.exists() and not SmsMessage.objects.exists()


# --- the lawyer sees the case at once ------------------------------------------------------------


def test_the_lawyer_finds_the_case_on_the_workbench_worklist_and_through_the_bell(
    client, fayuan, granted, pool, lawyer_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = step(fayuan, granted, "assign", date(2024, 3, 6), lawyer=str(pool["zhou"].pk))
    client.force_login(lawyer_user)
    home = client.get(reverse("home")).content.decode()
    assert "指派给我的法律援助案件" in home and case.number in home and "待接受 1" in home
    assert 'data-testid="notifications-unread">1<' in home
    worklist = client.get(reverse("cases:worklist", args=["legal_aid"])).content.decode()
    assert case.title in worklist
    note = Notification.objects.get()
    response = client.post(reverse("notification_read", args=[note.pk]), {"open": "1"})
    assert response.status_code == 302 and response.url == reverse(
        "cases:detail", args=["legal_aid", case.pk]
    )
    assert client.get(response.url).status_code == 200
    assert 'data-testid="notifications-unread"' not in client.get(reverse("home")).content.decode()


# --- the picker ---------------------------------------------------------------------------------


def test_the_picker_suggests_by_rotation_and_shows_caseload_fields_and_last_assignment(
    client, fayuan, apply, granted, staffed_pool, make_user
):
    # 周 (劳动争议) already has an open case: still suggested for a labour case (the field first) ...
    busy = step(fayuan, apply(fayuan, title="另一件"), "grant", date(2024, 3, 5))
    step(fayuan, busy, "assign", date(2024, 3, 6), lawyer=str(staffed_pool["zhou"].pk))
    picker = selectors.lawyer_picker(granted)
    assert picker.field == "劳动争议"
    assert picker.suggestion is not None and picker.suggestion.candidate.name == "周律师"
    assert "专长“劳动争议”" in picker.suggestion.reason
    first = picker.rows[0]
    assert first.suggested and first.candidate.open_cases == 1
    assert first.candidate.last_assigned == date(2024, 3, 6)
    # ... while for a 赡养费 case (婚姻家庭) it is 吴, with no open case
    family = step(
        fayuan,
        apply(
            fayuan,
            matter_type="civil",
            matter="SUPPORT_PAYMENT",
            household_size=2,
            monthly_income_per_head="1000",
        ),
        "grant",
        date(2024, 3, 5),
    )
    assert selectors.lawyer_picker(family).suggestion.candidate.name == "吴律师"

    client.force_login(fayuan)
    html = client.get(reverse("cases:do", args=["legal_aid", granted.pk, "assign"])).content.decode()
    suggested = html.split('data-testid="lawyer-suggested"')[1].split("</label>")[0]
    assert "周律师" in suggested and "建议（轮派）" in suggested and "推荐理由" in suggested
    assert (
        'data-testid="open-cases">1<' in suggested and "2024-03-06" in suggested and "劳动争议" in suggested
    )
    assert 'type="radio" name="lawyer"' in html and 'id="lawyer-search"' in html


def test_retired_lawyers_are_never_offered(client, fayuan, granted, pool):
    register_retire(actor=fayuan, reg=LAWYERS, obj=pool["wu"], on=date(2024, 3, 5))
    assert [r.candidate.name for r in selectors.lawyer_picker(granted).rows] == ["周律师"]
    client.force_login(fayuan)
    html = client.get(reverse("legal_aid:lawyer_options", args=[granted.pk])).content.decode()
    assert "周律师" in html and "吴律师" not in html


def test_the_picker_searches_name_firm_and_field(client, fayuan, granted, staffed_pool):
    client.force_login(fayuan)
    url = reverse("legal_aid:lawyer_options", args=[granted.pk])

    def names(q):
        html = client.get(url, {"lawyer_q": q}).content.decode()
        return {n for n in ("周律师", "吴律师") if f'<span class="fw-semibold">{n}</span>' in html}

    assert names("求是") == {"周律师", "吴律师"}  # 吴 by 律所; the suggestion (周) stays first
    assert names("婚姻") == {"周律师", "吴律师"} and names("吴") == {"周律师", "吴律师"}
    assert names("西湖律师事务所") == {"周律师"}
    html = client.get(url, {"lawyer_q": "没有这个人"}).content.decode()
    assert "除建议律师外，没有符合“没有这个人”的在库律师" in html
    # without JavaScript: the step page itself takes the search
    page = client.get(reverse("cases:do", args=["legal_aid", granted.pk, "assign"]), {"lawyer_q": "婚姻"})
    assert 'value="婚姻"' in page.content.decode()


def test_the_picker_is_only_for_the_staff_who_may_assign_the_case(
    client, fayuan, granted, pool, lawyer_user, sandun_station, make_user, beishan_station
):
    url = reverse("legal_aid:lawyer_options", args=[granted.pk])
    client.force_login(fayuan)
    assert client.get(url).status_code == 200
    step(fayuan, granted, "assign", date(2024, 3, 6), lawyer=str(pool["zhou"].pk))
    client.force_login(lawyer_user)  # the case's own lawyer: sees the case, may not assign
    assert client.get(url).status_code == 403
    client.force_login(sandun_station)  # a 司法所 station: not its case
    assert client.get(url).status_code == 404
    client.force_login(make_user(Role.LEADER))  # reads everything, assigns nothing
    assert client.get(url).status_code == 403
    client.force_login(make_user(Role.PUBLIC))
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


def test_a_station_case_is_served_by_the_district_centres_pool(beishan_station, apply, pool):
    case = step(beishan_station, apply(beishan_station, unit="330106002-SFS"), "grant", date(2024, 3, 5))
    assert {r.candidate.name for r in selectors.lawyer_picker(case).rows} == {"周律师", "吴律师"}
    centre = OrgUnit.objects.get(code="330106-FYZX")
    assert services.serves(centre, case)
    assert not services.serves(OrgUnit.objects.get(code="330106-GFZX"), case)  # not a centre


def test_lawyer_fields_and_phone_are_checked_on_the_register(fayuan):
    with pytest.raises(WorkflowError) as exc:
        add_lawyer(
            fayuan,
            name="郑律师",
            law_firm="某所",
            licensed_on=date(2010, 1, 1),
            joined_on=date(2024, 1, 1),
            specialties="劳动争议、炒股",
            phone="12345",
        )
    assert "炒股" in exc.value.errors["specialties"] and "手机号码" in exc.value.errors["phone"]
    lw = add_lawyer(
        fayuan,
        name="郑律师",
        law_firm="某所",
        licensed_on=date(2010, 1, 1),
        joined_on=date(2024, 1, 1),
        specialties="劳动争议，婚姻家庭",
        phone="139-0000-1111",
    )
    assert lw.specialties == "劳动争议、婚姻家庭" and lw.phone == "13900001111"

"""Generic case screens, on the test-only kind (samplekind): worklist scoping, filters, sorting and paging; the case page's masking
and audited reveal; transition forms that explain errors next to the field."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from fazhi.cases.services import case_transition, today
from fazhi.cases.tests.samplekind.kind import KIND
from fazhi.core.models import AuditEvent
from fazhi.core.roles import Role


@pytest.fixture
def two_streets(beishan_mediator, make_user, new_case):
    sandun = make_user(Role.MEDIATOR, "330106109-TWH", username="tiaojie_sandun")
    b1 = new_case(beishan_mediator, title="北山邻里纠纷", received_on=date(2024, 3, 5))
    b2 = new_case(beishan_mediator, title="北山物业纠纷", category="property", received_on=date(2024, 4, 1))
    s1 = new_case(sandun, unit="330106109-TWH", title="三墩合同纠纷", category="contract")
    return {"b1": b1, "b2": b2, "s1": s1, "sandun": sandun}


def page_of(client, user, url, **params):
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_worklist_shows_only_the_users_scope(client, two_streets, beishan_mediator):
    html = page_of(client, beishan_mediator, reverse("cases:worklist", args=[KIND]))
    assert "北山邻里纠纷" in html and "北山物业纠纷" in html and "三墩合同纠纷" not in html
    html = page_of(client, two_streets["sandun"], reverse("cases:worklist", args=[KIND]))
    assert "三墩合同纠纷" in html and "北山" not in html.split('data-testid="worklist"')[1]


def test_a_case_of_another_street_is_not_found(client, two_streets, beishan_mediator):
    client.force_login(beishan_mediator)
    assert client.get(reverse("cases:detail", args=[KIND, two_streets["s1"].pk])).status_code == 404


def test_filters_sorting_and_detail_filter(client, two_streets, make_user):
    leader = make_user(Role.LEADER)
    url = reverse("cases:worklist", args=[KIND])
    client.force_login(leader)
    rows = lambda **p: [c.title for c in (r["case"] for r in client.get(url, p).context["rows"])]  # noqa: E731
    assert rows(org="330106002", sort="received_on") == ["北山邻里纠纷", "北山物业纠纷"]
    assert rows(org="330106002", sort="-received_on") == ["北山物业纠纷", "北山邻里纠纷"]
    assert rows(category="contract") == ["三墩合同纠纷"]
    assert rows(q="物业") == ["北山物业纠纷"]
    assert rows(q="王小明", org="330106109") == ["三墩合同纠纷"]  # by party name
    assert rows(**{"from": "2024-03-10", "to": "2024-04-30"}) == ["北山物业纠纷"]
    assert rows(status="handling") == []


def test_due_filters_mark_near_and_overdue(client, beishan_mediator, new_case, make_user):
    recent = today() - timedelta(days=28)
    case = new_case(beishan_mediator, received_on=recent)
    case_transition(actor=beishan_mediator, case=case, name="accept", on=recent)
    client.force_login(beishan_mediator)
    url = reverse("cases:worklist", args=[KIND])
    soon = client.get(url, {"due": "soon"}).context["rows"]
    overdue = client.get(url, {"due": "overdue"}).context["rows"]
    due = case.deadlines.get(rule_id="RM-11").due
    expected = "overdue" if due < today() else ("soon" if (due - today()).days <= 3 else "")
    assert [r["due_state"] for r in (overdue if expected == "overdue" else soon)] == (
        [expected] if expected else []
    )


def test_paging(client, beishan_mediator, new_case):
    for i in range(55):
        new_case(beishan_mediator, title=f"纠纷{i}")
    client.force_login(beishan_mediator)
    url = reverse("cases:worklist", args=[KIND])
    first, second = client.get(url), client.get(url, {"page": 2})
    assert len(first.context["rows"]) == 50 and len(second.context["rows"]) == 5
    assert "第 1 / 2 页" in first.content.decode()


def test_case_page_masks_personal_data_for_roles_without_the_right(
    client, two_streets, beishan_mediator, make_user
):
    url = reverse("cases:detail", args=[KIND, two_streets["b1"].pk])
    leader_view = page_of(client, make_user(Role.LEADER), url)
    assert "王*" in leader_view and "王小明" not in leader_view and "138****5678" in leader_view
    assert "显示</button>" not in leader_view
    mediator_view = page_of(client, beishan_mediator, url)
    assert (
        "王小明" in mediator_view and "3301**********" in mediator_view and "显示</button>" in mediator_view
    )


def test_revealing_an_id_number_is_audited_and_refused_without_the_right(
    client, two_streets, beishan_mediator, make_user
):
    party = two_streets["b1"].parties.get(role="applicant")
    url = reverse("cases:reveal", args=[party.pk, "id_number"])
    client.force_login(make_user(Role.LEADER))
    assert client.post(url).status_code == 403
    client.force_login(beishan_mediator)
    response = client.post(url)
    assert party.person.id_number in response.content.decode()
    event = AuditEvent.objects.get(action="view_pii")
    assert event.actor == beishan_mediator and event.detail == {"party": party.pk, "field": "id_number"}


def test_only_permitted_transitions_are_offered(client, two_streets, beishan_mediator, make_user):
    url = reverse("cases:detail", args=[KIND, two_streets["b1"].pk])
    html = page_of(client, beishan_mediator, url)
    transitions = html.split('data-testid="transitions"')[1].split("</div>")[0]
    assert "予以受理" in transitions and "不予受理" in transitions and "达成和解" not in transitions
    leader_html = page_of(client, make_user(Role.LEADER), url)
    assert "予以受理" not in leader_html.split('data-testid="transitions"')[1].split("</div>")[0]


def test_transition_form_explains_errors_next_to_the_field(client, two_streets, beishan_mediator):
    case = case_transition(actor=beishan_mediator, case=two_streets["b1"], name="accept", on=date(2024, 3, 6))
    client.force_login(beishan_mediator)
    url = reverse("cases:do", args=[KIND, case.pk, "settle"])
    response = client.post(url, {"on": "2024-03-20", "form": "", "content": ""})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'data-testid="error-form">请填写“和解形式”。' in html
    assert 'data-testid="error-content">请填写“和解内容”。' in html
    response = client.post(url, {"on": "2024-03-01", "form": "written", "content": "赔偿"})
    assert "不能早于" in response.content.decode()
    response = client.post(url, {"on": "2024-03-20", "form": "written", "content": "赔偿"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "settled"


def test_intake_form_validates_id_number_in_chinese_and_creates(client, beishan_mediator, xihu):
    client.force_login(beishan_mediator)
    url = reverse("cases:new", args=[KIND])
    form = {
        "title": "楼上漏水",
        "org_unit": str(xihu["330106002-TWH"].pk),
        "received_on": "2024-05-06",
        "channel": "walk_in",
        "applicant_type": "person",
        "applicant_name": "赵六",
        "applicant_id_number": "330106198501010000",
        "detail_category": "neighbour",
    }
    html = client.post(url, form).content.decode()
    assert 'data-testid="error-applicant_id_number"' in html and "校验" in html
    from fazhi.law.validators import id_number_checksum

    form["applicant_id_number"] = "33010619850101000" + id_number_checksum("33010619850101000")
    response = client.post(url, form)
    assert response.status_code == 302


def test_public_users_cannot_reach_case_screens(client, two_streets, make_user):
    client.force_login(make_user(Role.PUBLIC))
    for url in (
        reverse("cases:worklist", args=[KIND]),
        reverse("cases:due"),
        reverse("cases:detail", args=[KIND, two_streets["b1"].pk]),
    ):
        assert client.get(url).status_code == 403


def test_due_list_across_lines(client, beishan_mediator, new_case):
    recent = today() - timedelta(days=40)
    case = case_transition(
        actor=beishan_mediator,
        case=new_case(beishan_mediator, received_on=recent),
        name="accept",
        on=recent,
    )
    html = page_of(client, beishan_mediator, reverse("cases:due"))
    assert (case.number in html and "超期" in html and "调解期限" in html) or "RM-11" in html


def test_search_by_number_with_more_matches_than_are_fetched_at_once(
    client, beishan_mediator, new_case, monkeypatch
):
    from fazhi.cases import selectors

    cases = [new_case(beishan_mediator, title=f"纠纷{i}") for i in range(4)]
    client.force_login(beishan_mediator)
    url = reverse("cases:worklist", args=[KIND])
    numbers = lambda **p: sorted(r["case"].number for r in client.get(url, p).context["rows"])  # noqa: E731
    common = cases[0].number[:-1]  # the numbers' shared stem: every case matches
    want = sorted(c.number for c in cases if common in c.number)
    assert numbers(q=common) == want  # by their ids, fetched once
    monkeypatch.setattr(selectors, "SEARCH_IDS", 2)
    assert numbers(q=common) == want  # more than SEARCH_IDS: the subquery
    assert numbers(q=cases[2].number) == [cases[2].number]


def test_the_capped_count_does_not_sort(client, beishan_mediator, new_case):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for i in range(3):
        new_case(beishan_mediator, title=f"纠纷{i}")
    client.force_login(beishan_mediator)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("cases:worklist", args=[KIND]), {"sort": "received_on"})
    assert response.context["page"].paginator.count == 3
    counts = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]
    assert counts and all("ORDER BY" not in sql for sql in counts)


def test_handler_filter_lists_only_handlers_of_cases_in_scope(
    client, two_streets, beishan_mediator, make_user
):
    from fazhi.cases.models import Case

    Case.objects.filter(pk=two_streets["b1"].pk).update(handler=beishan_mediator)
    Case.objects.filter(pk=two_streets["s1"].pk).update(handler=two_streets["sandun"])
    url = reverse("cases:worklist", args=[KIND])
    handlers = lambda user: (client.force_login(user), client.get(url))[1].context["handlers"]  # noqa: E731
    beishan, sandun = (str(beishan_mediator.pk), "郑调解"), (str(two_streets["sandun"].pk), "tiaojie_sandun")
    assert handlers(make_user(Role.LEADER)) == [beishan, sandun]  # by username: tiaojie, tiaojie_sandun
    assert handlers(beishan_mediator) == [beishan]
    assert handlers(two_streets["sandun"]) == [sandun]
    client.force_login(beishan_mediator)
    html = client.get(url, {"handler": beishan_mediator.pk}).content.decode()
    assert f'<option value="{beishan_mediator.pk}" selected>郑调解</option>' in html


def test_a_long_number_query_finds_the_numbers_that_begin_with_it(client, beishan_mediator, new_case):
    from fazhi.cases.models import Case

    a, b = new_case(beishan_mediator, title="甲"), new_case(beishan_mediator, title="乙")
    Case.objects.filter(pk=a.pk).update(number="330106002-TWH-2024-7")
    Case.objects.filter(pk=b.pk).update(number="X-330106002-TWH-2024-7")  # contains it, later on
    client.force_login(beishan_mediator)
    url = reverse("cases:worklist", args=[KIND])
    titles = lambda q: sorted(r["case"].title for r in client.get(url, {"q": q}).context["rows"])  # noqa: E731
    assert titles("330106002-TWH-2024-7") == ["甲"]  # begins a number: those numbers
    assert titles("-330106002-TWH") == ["乙"]  # begins none: the numbers that contain it
    assert titles("2024-7") == sorted(["甲", "乙"])  # short: contains


def test_the_case_page_shows_the_path_and_the_one_usual_next_step(client, two_streets, beishan_mediator):
    case = two_streets["b1"]
    html = page_of(client, beishan_mediator, reverse("cases:detail", args=[KIND, case.pk]))
    bar = html.split('data-testid="step-bar"')[1].split("</section>")[0]
    assert bar.count('data-mark="current"') == 1 and 'data-state="received" data-mark="current"' in bar
    assert 'data-state="handling" data-mark="todo"' in bar
    buttons = html.split('data-testid="transitions"')[1].split("</div>")[0]
    assert buttons.count('data-look="primary"') == 1
    assert 'data-testid="action-accept" data-look="primary"' in buttons
    assert f'class="btn btn-sm btn-outline-danger" href="/cases/sample/{case.pk}/do/refuse/"' in buttons

    case = case_transition(actor=beishan_mediator, case=case, name="accept", on=today())
    html = page_of(client, beishan_mediator, reverse("cases:detail", args=[KIND, case.pk]))
    bar = html.split('data-testid="step-bar"')[1].split("</section>")[0]
    assert (
        'data-state="received" data-mark="done"' in bar and 'data-state="handling" data-mark="current"' in bar
    )
    # The period running now, under the bar: its due day, the days left and its basis.
    deadline = case.deadlines.get()
    periods = bar.split('data-testid="periods"')[1]
    assert deadline.title in periods and deadline.due.isoformat() in periods and deadline.basis in periods
    assert f"剩 {(deadline.due - today()).days} 天" in periods
    assert 'data-testid="action-settle" data-look="primary"' in html


def test_a_case_ended_off_the_path_shows_where_it_left_it(client, two_streets, beishan_mediator):
    case = case_transition(
        actor=beishan_mediator, case=two_streets["b1"], name="refuse", data={"reason": "不属于受理范围"}
    )
    html = page_of(client, beishan_mediator, reverse("cases:detail", args=[KIND, case.pk]))
    bar = html.split('data-testid="step-bar"')[1].split("</section>")[0]
    assert (
        'data-state="received" data-mark="left"' in bar and 'data-state="settled" data-mark="skipped"' in bar
    )
    assert 'data-testid="off-path">不予受理' in bar
    assert 'data-look="primary"' not in html


def test_a_destructive_step_asks_for_confirmation_saying_what_will_happen(
    client, two_streets, beishan_mediator
):
    case = two_streets["b1"]
    client.force_login(beishan_mediator)
    url = reverse("cases:do", args=[KIND, case.pk, "refuse"])
    html = client.get(url).content.decode()
    assert 'data-testid="danger-warning"><strong>请确认：</strong>案件状态将变为“不予受理”，案件办结' in html
    assert 'class="btn btn-danger" type="submit" data-testid="confirm">确认不予受理（案件将办结）' in html
    case.refresh_from_db()
    assert case.status == "received"  # opening the form changed nothing
    html = client.get(reverse("cases:do", args=[KIND, case.pk, "accept"])).content.decode()
    assert "danger-warning" not in html and 'class="btn btn-primary" type="submit"' in html

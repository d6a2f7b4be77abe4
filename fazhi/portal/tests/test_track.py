"""My matters, the matter page (timeline, 补正 answered online) and tracking without signing in by
number + 查询码: the right pair shows the timeline and nothing personal, a wrong pair one neutral
message, and attempts are limited per address."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from fazhi.cases.services import case_transition, today
from fazhi.core.roles import Role
from fazhi.portal.services import submission_create
from fazhi.portal.tests.timeline_matters import declare

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def matters(monkeypatch, xihu):
    return declare(monkeypatch)


@pytest.fixture
def citizen(make_user):
    return make_user(Role.PUBLIC, display_name="张群众")


@pytest.fixture
def fuyi(make_user):
    return make_user(Role.RECONSIDERATION_OFFICER, "330106-FYJ")


def submit(who, key="reconsideration", **data):
    return submission_create(actor=who, matter_key="t_" + key, data={"name": "王申请", **data})


def test_my_matters_lists_only_mine_with_status_and_todo(client, matters, citizen, make_user, fuyi):
    mine, _ = submit(citizen)
    case_transition(
        actor=fuyi,
        case=mine.case,
        name="request_correction",
        data={"items": "身份证明", "notice_received_on": today()},
    )
    other, _ = submit(make_user(Role.PUBLIC))
    client.force_login(citizen)
    html = client.get(reverse("portal:home")).content.decode()
    assert mine.number in html and other.number not in html
    assert "需补充材料" in html and "前补充材料" in html and "行政复议申请" in html
    assert client.get(reverse("portal:home") + "?page=abc").status_code == 200


def test_my_matters_are_paged(client, matters, citizen):
    for _ in range(11):
        submit(citizen, "consultation")
    client.force_login(citizen)
    first = client.get(reverse("portal:home")).content.decode()
    second = client.get(reverse("portal:home") + "?page=2").content.decode()
    assert first.count('data-testid="my-matter"') == 10 and second.count('data-testid="my-matter"') == 1


def test_a_visitor_gets_the_ways_in(client, xihu):
    html = client.get(reverse("portal:home")).content.decode()
    assert 'data-testid="visitor-home"' in html and reverse("portal:track") in html


def test_another_users_matter_is_not_found(client, matters, citizen, make_user):
    theirs, _ = submit(make_user(Role.PUBLIC))
    client.force_login(citizen)
    for name in ("portal:matter",):
        assert client.get(reverse(name, args=[theirs.number])).status_code == 404
    for name in ("portal:answer", "portal:rate"):
        assert (
            client.post(reverse(name, args=[theirs.number]), {"text": "x", "rating": "satisfied"}).status_code
            == 404
        )
    assert client.get(reverse("portal:matter", args=["WS<script>"])).status_code == 404
    client.logout()
    response = client.get(reverse("portal:matter", args=[theirs.number]))
    assert response.status_code == 302  # sign in first


def test_matter_page_answers_a_correction_and_staff_see_the_text(client, matters, citizen, fuyi):
    s, _ = submit(citizen)
    case_transition(
        actor=fuyi,
        case=s.case,
        name="request_correction",
        data={"items": "行政处罚决定书复印件", "notice_received_on": today()},
    )
    client.force_login(citizen)
    url = reverse("portal:matter", args=[s.number])
    html = client.get(url).content.decode()
    assert 'data-testid="answer"' in html and "行政处罚决定书复印件" in html and "王申请" not in html
    bad = client.post(reverse("portal:answer", args=[s.number]), {"text": "   "})
    assert bad.status_code == 400 and "请写明您补充的内容" in bad.content.decode()
    too_long = client.post(reverse("portal:answer", args=[s.number]), {"text": "补" * 5000})
    assert too_long.status_code == 400 and "不能超过" in too_long.content.decode()
    done = client.post(reverse("portal:answer", args=[s.number]), {"text": "决定书已拍照上传"}, follow=True)
    assert "补充材料已提交" in done.content.decode()
    s.case.refresh_from_db()
    assert s.case.status == "received"
    again = client.post(reverse("portal:answer", args=[s.number]), {"text": "再来一次"})
    assert again.status_code == 400 and "目前不需要补充材料" in again.content.decode()
    # the staff read the applicant's words on the case page
    client.force_login(fuyi)
    staff_html = client.get(reverse("cases:detail", args=["reconsideration", s.case.pk])).content.decode()
    assert "决定书已拍照上传" in staff_html


def test_track_with_the_right_pair_shows_the_timeline_without_pii(client, matters, citizen, fuyi):
    s, code = submit(citizen)
    case_transition(actor=fuyi, case=s.case, name="accept", data={"procedure": "ordinary"})
    page = client.get(reverse("portal:track"))
    assert page.status_code == 200 and 'data-testid="track-form"' in page.content.decode()
    response = client.post(reverse("portal:track"), {"number": s.number.lower(), "code": code})
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="timeline"' in html and "已受理" in html
    assert "王申请" not in html and "张群众" not in html and "19900001234" not in html
    assert 'data-testid="answer"' not in html and 'data-testid="uploads"' not in html


@pytest.mark.parametrize(
    ("number", "code", "message"),
    [
        ("", "", "查询编号以 WS 开头"),
        ("WS123", "123456", "查询编号以 WS 开头"),
        ("WS2345678923", "12ab", "查询码为 6 位数字"),
        ("WS<script>x", "000000", "查询编号以 WS 开头"),
    ],
)
def test_track_says_what_is_wrong_with_the_form(client, xihu, number, code, message):
    response = client.post(reverse("portal:track"), {"number": number, "code": code})
    assert response.status_code == 400 and message in response.content.decode()


def test_a_wrong_pair_gets_one_neutral_answer(client, matters, citizen):
    s, code = submit(citizen)
    wrong_code = f"{(int(code) + 1) % 1000000:06d}"
    answers = [
        client.post(reverse("portal:track"), {"number": s.number, "code": wrong_code}),
        client.post(reverse("portal:track"), {"number": "WS2345678923", "code": code}),
    ]
    for r in answers:
        html = r.content.decode()
        assert r.status_code == 400 and "编号或查询码不正确" in html and 'data-testid="timeline"' not in html


def test_tracking_is_rate_limited_per_address(client, matters, citizen, settings):
    settings.FAZHI_PORTAL_LIMITS = {"track_ip_hour": "3/3600"}
    s, code = submit(citizen)
    for _ in range(3):
        client.post(reverse("portal:track"), {"number": "WS2345678923", "code": "000000"})
    blocked = client.post(reverse("portal:track"), {"number": s.number, "code": code})
    assert blocked.status_code == 429 and "查询次数过多" in blocked.content.decode()
    assert 'data-testid="timeline"' not in blocked.content.decode()
    # another address is not held back
    other = client.post(reverse("portal:track"), {"number": s.number, "code": code}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_a_visitor_opening_a_matter_page_is_sent_to_the_portals_sign_in(client, db):
    for url in ("/portal/matter/WS2345678923/", "/portal/matter/WS2345678923/rate/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("portal:signin") + "?next=")

"""The public portal: a citizen sees their own submissions, nobody else's."""

from django.urls import reverse

from fazhi.core.roles import Role


def test_a_public_user_sees_only_their_own_submissions_on_the_portal(client, make_user, xihu, monkeypatch):
    from fazhi.portal.services import submission_create
    from fazhi.portal.tests.timeline_matters import declare

    declare(monkeypatch)
    citizen, other = make_user(Role.PUBLIC), make_user(Role.PUBLIC)
    mine, _ = submission_create(actor=citizen, matter_key="t_mediation", data={"summary": "我的漏水纠纷"})
    theirs, _ = submission_create(actor=other, matter_key="t_mediation", data={"summary": "别人的纠纷"})
    client.force_login(citizen)
    html = client.get(reverse("portal:home")).content.decode()
    assert mine.number in html and theirs.number not in html and "已收到，等待受理审查" in html

"""The public portal: a citizen sees their own submissions, nobody else's."""

from django.urls import reverse

from fazhi.core.roles import Role


def test_a_public_user_sees_only_their_own_submissions_on_the_portal(client, make_user, xihu):
    from fazhi.cases.services import PartyInput, portal_submit

    citizen, other = make_user(Role.PUBLIC), make_user(Role.PUBLIC)
    for who, title in ((citizen, "我的漏水纠纷"), (other, "别人的纠纷")):
        portal_submit(
            actor=who,
            kind="mediation",
            org_unit=xihu["330106002-TWH"],
            title=title,
            detail={"dispute_type": "neighbour"},
            parties=[PartyInput(role="applicant", person={"name": "张群众"})],
        )
    client.force_login(citizen)
    html = client.get(reverse("portal:home")).content.decode()
    assert "我的漏水纠纷" in html and "别人的纠纷" not in html and "已登记" in html

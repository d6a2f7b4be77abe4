"""The workbench shell: login, each role's home and menu, org list scoping, audit-log access."""

import pytest
from django.urls import reverse

from fazhi.core.audit import audit_record
from fazhi.core.models.audit import AuditAction
from fazhi.core.roles import Role


def test_anonymous_users_are_sent_to_the_chinese_login_page(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    page = client.get(reverse("login")).content.decode()
    assert "用户名" in page and "密码" in page and 'lang="zh-CN"' in page


def test_wrong_password_is_explained_in_chinese(client, make_user):
    make_user(Role.LEADER, username="leader1")
    page = client.post(reverse("login"), {"username": "leader1", "password": "wrong"}).content.decode()
    assert "请输入一个正确的" in page or "用户名和密码" in page


@pytest.mark.parametrize(
    "role,org,menu_has,menu_lacks",
    [
        (Role.LEADER, "330106", ["组织机构"], ["审计日志"]),
        (Role.AUDITOR, "330106", ["组织机构", "审计日志"], []),
        (Role.MEDIATOR, "330106002-TWH", ["组织机构"], ["审计日志"]),
        (Role.LEGAL_AID_LAWYER, "330106", [], ["组织机构", "审计日志"]),
    ],
)
def test_home_shows_the_role_scope_and_only_permitted_menu_entries(
    client, make_user, role, org, menu_has, menu_lacks
):
    user = make_user(role, org)
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    assert Role(role).label in page
    nav = page.split('aria-label="导航"')[1].split("</nav>")[0]
    for label in menu_has:
        assert label in nav
    for label in menu_lacks:
        assert label not in nav


def test_street_user_org_list_shows_only_its_street(client, make_user):
    client.force_login(make_user(Role.JUSTICE_OFFICE_STAFF, "330106002"))
    page = client.get(reverse("org_list"), {"q": "司法所"}).content.decode()
    assert "北山司法所" in page and "三墩司法所" not in page
    page = client.get(reverse("org_list"), {"q": "330106109"}).content.decode()
    assert "没有符合条件的机构" in page


def test_org_list_filters_and_pages(client, make_user):
    client.force_login(make_user(Role.LEADER))
    response = client.get(reverse("org_list"), {"kind": "community"})
    assert response.context["total"] == 181
    assert "第 1 / 4 页" in response.content.decode()


def test_only_auditors_read_the_audit_log(client, make_user):
    audit_record(actor=None, action=AuditAction.EXPORT, object_repr="人民调解台账")
    client.force_login(make_user(Role.LEADER))
    assert client.get(reverse("audit_list")).status_code == 403
    client.force_login(make_user(Role.AUDITOR))
    page = client.get(reverse("audit_list"), {"action": "export"}).content.decode()
    assert "人民调解台账" in page


def test_public_users_go_to_the_portal_and_cannot_open_staff_pages(client, make_user):
    client.force_login(make_user(Role.PUBLIC))
    assert client.get(reverse("home")).url == reverse("portal:home")
    assert client.get(reverse("org_list")).status_code == 403
    assert client.get(reverse("audit_list")).status_code == 403


def test_admin_is_in_chinese(admin_client):
    page = admin_client.get(reverse("admin:index")).content.decode()
    assert "修改密码" in page and "组织机构" in page and "审计日志" in page

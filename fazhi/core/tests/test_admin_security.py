"""Issue 13.1: as `admin` (the system administrator, not a superuser) the probe ticked 超级用户 and
then read full ID numbers; user and grant changes reached only Django's admin log; the admin issued a
token for another user (fazhi/api/tests/test_auth.py), read the audit log and saw a person's birth date beside the masked ID."""

import pytest
from django.urls import reverse

from fazhi.core.demo_accounts import admin_group
from fazhi.core.models import AuditEvent, Person, RoleGrant, User
from fazhi.core.models.audit import AuditAction
from fazhi.core.roles import Role


@pytest.fixture
def sysadmin(make_user, client):
    user = make_user(Role.ADMIN, username="admin_probe", is_staff=True)
    user.groups.add(admin_group())
    client.force_login(user)
    return user


def _change_form(user) -> dict:
    return {
        "username": user.username,
        "kind": user.kind,
        "display_name": user.display_name,
        "is_active": "on",
        "is_staff": "on" if user.is_staff else "",
        "date_joined_0": "2024-01-01",
        "date_joined_1": "08:00:00",
        "grants-TOTAL_FORMS": "0",
        "grants-INITIAL_FORMS": "0",
        "grants-MIN_NUM_FORMS": "0",
        "grants-MAX_NUM_FORMS": "1000",
    }


def test_the_system_administrator_cannot_make_anyone_superuser(client, sysadmin):
    url = reverse("admin:core_user_change", args=[sysadmin.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="is_superuser"' not in page.content.decode()  # shown read-only
    form = _change_form(sysadmin) | {"is_superuser": "on"}
    response = client.post(url, form)
    assert response.status_code == 302, response.context["adminform"].form.errors  # saved
    sysadmin.refresh_from_db()
    assert not sysadmin.is_superuser
    assert not sysadmin.user_permissions.exists()


def test_a_superuser_account_is_out_of_the_administrators_reach(client, sysadmin, make_user):
    root = make_user(Role.ADMIN, username="root_account", is_staff=True, is_superuser=True)
    assert client.get(reverse("admin:core_user_change", args=[root.pk])).status_code in (302, 403, 404)
    assert "root_account" not in client.get(reverse("admin:core_user_changelist")).content.decode()


def test_user_and_grant_changes_are_platform_audit_events(client, sysadmin, make_user, xihu):
    someone = make_user(Role.MEDIATOR, "330106002-TWH", username="tiaojie_x")
    someone.is_staff = True
    someone.save()
    granted = AuditEvent.objects.filter(action=AuditAction.GRANT, object_id=str(someone.pk))
    assert granted.filter(detail__account__is_staff=True).exists()
    grant = RoleGrant.objects.create(user=someone, role=Role.LEGAL_AID_STAFF, org_unit=xihu["330106"])
    event = AuditEvent.objects.filter(object_type="core.rolegrant", object_id=str(grant.pk)).get()
    assert event.action == AuditAction.GRANT and event.detail["role_grant"]["role"] == Role.LEGAL_AID_STAFF
    grant.delete()
    assert AuditEvent.objects.filter(object_type="core.rolegrant", action=AuditAction.DELETE).exists()
    someone.set_password("Another-pass-2026")
    someone.save()
    changed = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(someone.pk)).last()
    assert changed.detail["account"] == {"password": "已修改"}  # never the hash itself


def test_only_the_auditor_reads_the_audit_log_in_the_admin(client, sysadmin, make_user):
    assert client.get(reverse("admin:core_auditevent_changelist")).status_code == 403
    assert "审计日志" not in client.get(reverse("admin:index")).content.decode()
    auditor = make_user(Role.AUDITOR, username="shenji_x", is_staff=True)
    auditor.groups.add(admin_group())
    client.force_login(auditor)
    assert client.get(reverse("admin:core_auditevent_changelist")).status_code == 200


def test_the_person_page_shows_no_part_of_the_id_number(client, sysadmin):
    from datetime import date

    person = Person.objects.create(
        name="王某", id_number="330106198503150024", birth_date=date(1985, 3, 15), gender="F"
    )
    html = client.get(reverse("admin:core_person_change", args=[person.pk])).content.decode()
    assert "王某" in html and "**********0024" in html  # the page, with the masked number
    assert 'name="birth_date"' not in html and "1985/03/15" not in html and "1985-03-15" not in html
    assert "19850315" not in html


def test_the_users_own_group_cannot_be_changed_by_the_administrator(client, sysadmin, make_user):
    other = make_user(Role.MEDIATOR, "330106002-TWH", username="tiaojie_z")
    url = reverse("admin:core_user_change", args=[other.pk])
    html = client.get(url).content.decode()
    assert 'name="groups"' not in html and 'name="user_permissions"' not in html
    assert User.objects.get(pk=other.pk).groups.count() == 0

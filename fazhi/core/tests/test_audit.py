"""The audit log: logins recorded with the client address; events cannot be changed or deleted."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from fazhi.core.audit import audit_record
from fazhi.core.models import AuditEvent
from fazhi.core.models.audit import AppendOnlyError, AuditAction
from fazhi.core.roles import Role


def test_login_and_logout_are_audited_with_the_client_address(client, make_user):
    user = make_user(Role.LEADER, username="leader1")
    response = client.post(
        reverse("login"), {"username": "leader1", "password": "pw-Fazhi-test-1"}, REMOTE_ADDR="10.1.2.3"
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action=AuditAction.LOGIN)
    assert (event.actor, event.client_ip, event.actor_name) == (user, "10.1.2.3", "leader1")
    client.post(reverse("logout"))
    assert AuditEvent.objects.filter(action=AuditAction.LOGOUT, actor=user).exists()


def test_failed_login_is_audited_with_the_name_tried(client, db):
    client.post(reverse("login"), {"username": "nobody", "password": "wrong"})
    event = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert event.actor is None and event.actor_name == "nobody"


def test_events_cannot_be_changed_or_deleted_through_the_orm(db):
    event = audit_record(actor=None, action=AuditAction.EXPORT, object_repr="台账")
    event.object_repr = "篡改"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(object_repr="篡改")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).object_repr == "台账"


def test_the_database_refuses_an_update_even_in_raw_sql(db):
    event = audit_record(actor=None, action=AuditAction.EXPORT, object_repr="台账")
    table = AuditEvent._meta.db_table
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET object_repr = 'x' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).object_repr == "台账"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite test flushes use DELETE")
def test_the_database_refuses_a_delete_on_postgresql(db):
    event = audit_record(actor=None, action=AuditAction.EXPORT)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [event.pk])


def test_admin_offers_no_add_change_or_delete(admin_client, db):
    event = audit_record(actor=None, action=AuditAction.EXPORT)
    assert admin_client.get(reverse("admin:core_auditevent_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:core_auditevent_add")).status_code == 403
    assert admin_client.post(reverse("admin:core_auditevent_delete", args=[event.pk])).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()

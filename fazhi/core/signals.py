"""Logins, failed logins, lockouts and logouts go to the audit log."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from fazhi.core.audit import AuditAction, audit_record


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit_record(actor=user, action=AuditAction.LOGIN, obj=user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(actor=user, action=AuditAction.LOGOUT, obj=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    audit_record(
        actor=None, action=AuditAction.LOGIN_FAILED, actor_name=username, detail={"username": username}
    )


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs):
    name = str(username or "")[:150]
    audit_record(
        actor=None,
        action=AuditAction.LOGIN_LOCKED,
        actor_name=name,
        detail={"username": name, "ip_address": ip_address or ""},
    )


# --- Accounts: every change of a user, a role grant or a user's groups is a platform audit event
# (whichever channel made it: the admin, a command, a service). The actor is the request's user
# where there is a request (simple_history's middleware keeps it), else the system.

ACCOUNT_FIELDS = ("username", "is_superuser", "is_staff", "is_active", "kind", "password")


def _request_user():
    from simple_history.models import HistoricalRecords

    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None)
    return user if getattr(user, "is_authenticated", False) else None


@receiver(pre_save, sender="core.User")
def _user_before(sender, instance, update_fields=None, **kwargs):
    if instance.pk is None or (update_fields is not None and set(update_fields) <= {"last_login"}):
        instance._audit_before = None
        return
    instance._audit_before = sender.objects.filter(pk=instance.pk).values(*ACCOUNT_FIELDS).first()


@receiver(post_save, sender="core.User")
def _user_saved(sender, instance, created, update_fields=None, **kwargs):
    if created:
        changed = {f: True for f in ("is_superuser", "is_staff") if getattr(instance, f)}
        audit_record(
            actor=_request_user(), action=AuditAction.CREATE, obj=instance, detail={"account": changed}
        )
        return
    before = getattr(instance, "_audit_before", None)
    if not before:
        return
    changed = {
        f: ("已修改" if f == "password" else getattr(instance, f))
        for f in ACCOUNT_FIELDS
        if before[f] != getattr(instance, f)
    }
    if changed:
        action = AuditAction.GRANT if {"is_superuser", "is_staff"} & set(changed) else AuditAction.UPDATE
        audit_record(actor=_request_user(), action=action, obj=instance, detail={"account": changed})


@receiver(post_delete, sender="core.User")
def _user_deleted(sender, instance, **kwargs):
    audit_record(actor=_request_user(), action=AuditAction.DELETE, obj=instance)


def _grant_detail(grant) -> dict:
    return {
        "user": grant.user.username,
        "role": grant.role,
        "org_unit": grant.org_unit.code,
        "valid_until": grant.valid_until.isoformat() if grant.valid_until else "",
    }


@receiver(post_save, sender="core.RoleGrant")
def _grant_saved(sender, instance, created, **kwargs):
    audit_record(
        actor=_request_user(),
        action=AuditAction.GRANT if created else AuditAction.UPDATE,
        obj=instance,
        detail={"role_grant": _grant_detail(instance)},
    )


@receiver(post_delete, sender="core.RoleGrant")
def _grant_deleted(sender, instance, **kwargs):
    audit_record(
        actor=_request_user(),
        action=AuditAction.DELETE,
        obj=instance,
        detail={"role_grant": _grant_detail(instance)},
    )


@receiver(m2m_changed, sender="core.User_groups")
def _groups_changed(sender, instance, action, pk_set, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        audit_record(
            actor=_request_user(),
            action=AuditAction.GRANT,
            obj=instance,
            detail={"groups": action.removeprefix("post_"), "group_ids": sorted(pk_set or ())},
        )

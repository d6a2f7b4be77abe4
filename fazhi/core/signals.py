"""Logins, failed logins, lockouts and logouts go to the audit log."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
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

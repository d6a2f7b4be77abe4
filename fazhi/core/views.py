"""Workbench views of the platform itself: home, org tree, audit log, notifications, public portal shell."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_POST

from fazhi.core import notifications, worklists
from fazhi.core.audit import audit_record
from fazhi.core.models import AuditEvent, OrgUnit
from fazhi.core.models.audit import AuditAction
from fazhi.core.models.org import OrgKind
from fazhi.core.roles import Action, Area
from fazhi.core.scoping import can_in_area, is_public_user

PAGE_SIZE = 50


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    redirect_authenticated_user = True


def locked_out(request, credentials=None, *args, **kwargs):
    """登录已锁定 (django-axes' lockout answer): too many wrong passwords for this account or from
    this address; says for how long, in Chinese, with 429."""
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "core/locked_out.html",
        {"minutes": minutes, "limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    """修改密码: the user's own password, with the password policy stated on the form; audited."""

    template_name = "core/password_change.html"

    def get_context_data(self, **kwargs):
        from django.contrib.auth.password_validation import password_validators_help_texts

        return super().get_context_data(**kwargs, policy=password_validators_help_texts())

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_record(actor=self.request.user, action=AuditAction.PASSWORD_CHANGE, obj=self.request.user)
        return response


def home(request):
    """工作台: the user's scope and their worklists."""
    if is_public_user(request.user):
        return redirect("portal:home")
    visible_units = OrgUnit.objects.scoped_for(request.user, Action.VIEW)
    return render(
        request,
        "core/home.html",
        {
            "panels": worklists.panels_for(request.user),
            "unit_counts": [
                {"label": OrgKind(row["kind"]).label, "n": row["n"]}
                for row in visible_units.values("kind").annotate(n=Count("id")).order_by("kind")
            ],
        },
    )


def org_list(request):
    """组织机构: the units in the user's scope, filtered and paged."""
    if not can_in_area(request.user, Area.ORG):
        raise PermissionDenied("您没有查看组织机构的权限。")
    units = OrgUnit.objects.scoped_for(request.user, Action.VIEW).select_related("parent")
    kind = request.GET.get("kind", "")
    q = request.GET.get("q", "").strip()
    if kind:
        units = units.filter(kind=kind)
    if q:
        units = units.filter(Q(name__contains=q) | Q(code__startswith=q))
    page = Paginator(units.order_by("path"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "core/org_list.html",
        {"page": page, "kinds": OrgKind.choices, "kind": kind, "q": q, "total": page.paginator.count},
    )


def audit_list(request):
    """审计日志: read-only, filtered and paged; only the audit role (and superusers) see it."""
    if not can_in_area(request.user, Area.AUDIT):
        raise PermissionDenied("只有审计员可以查看审计日志。")
    events = AuditEvent.objects.select_related("actor")
    action = request.GET.get("action", "")
    actor = request.GET.get("actor", "").strip()
    start, end = parse_date(request.GET.get("from", "") or ""), parse_date(request.GET.get("to", "") or "")
    tz = timezone.get_current_timezone()
    if action:
        events = events.filter(action=action)
    if actor:
        events = events.filter(actor_name__contains=actor)
    if start:
        events = events.filter(at__gte=datetime.combine(start, time.min, tz))
    if end:
        events = events.filter(at__lte=datetime.combine(end, time.max, tz))
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "core/audit_list.html",
        {"page": page, "actions": AuditAction.choices, "filters": request.GET},
    )


# --- 站内通知 ------------------------------------------------------------------------------------


def notification_list(request):
    """站内通知: the user's own notifications, newest first, unread marked; mark one or all read."""
    qs = notifications.notifications_for(request.user, unread_only=request.GET.get("unread") == "1")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "core/notifications.html",
        {
            "page": page,
            "unread": notifications.unread_count(request.user),
            "unread_only": request.GET.get("unread") == "1",
        },
    )


@require_POST
def notification_read(request, pk: int | None = None):
    """Mark one notification read (and follow its link when asked: `open`), or all of them."""
    if pk is not None:
        note = notifications.notifications_for(request.user).filter(pk=pk).first()
        if note is None:
            raise Http404("通知不存在。")
        notifications.notification_mark_read(actor=request.user, pk=pk)
        if request.POST.get("open") and note.link:
            return redirect(note.link)
    else:
        notifications.notification_mark_read(actor=request.user)
    return redirect("notifications")

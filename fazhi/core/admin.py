"""Django admin (管理后台) for reference data and accounts. The audit log is read-only here."""

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django_tasks_db.admin import DBTaskResultAdmin as BaseTaskResultAdmin
from django_tasks_db.models import DBTaskResult
from simple_history.admin import SimpleHistoryAdmin

from fazhi.core import divisions, onboarding, orgtree
from fazhi.core.models import (
    AuditEvent,
    HolidayOverride,
    HolidayYear,
    LegalEntity,
    NumberSequence,
    OnboardingJob,
    OnboardingStatus,
    OrgUnit,
    Person,
    RoleGrant,
    SmsMessage,
    User,
)
from fazhi.core.pii import mask_phone
from fazhi.core.tasks import onboard_task


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["org_unit"]
    fields = ["role", "org_unit", "valid_until"]


# What only a superuser may grant: becoming one, Django's groups and single permissions.
SUPERUSER_ONLY = ("is_superuser", "groups", "user_permissions")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Accounts. A system administrator (not a superuser) manages accounts and role grants but can
    neither grant superuser, groups or permissions nor change a superuser's account (which would
    let them log in as one). Every change reaches the platform's audit log (fazhi.core.signals)."""

    list_display = ["username", "display_name", "kind", "is_active", "is_staff", "last_login"]
    list_filter = ["kind", "is_active", "is_staff", "is_demo"]
    search_fields = ["username", "display_name"]
    fieldsets = (*BaseUserAdmin.fieldsets, ("平台信息", {"fields": ("kind", "display_name", "is_demo")}))
    inlines = [RoleGrantInline]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += [f for f in SUPERUSER_ONLY if f not in fields]
        return fields

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(is_superuser=False)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)


class OnboardForm(forms.Form):
    county = forms.RegexField(
        label="县级区划代码", regex=r"^\d{6}$", error_messages={"invalid": "应为6位数字，如 330110"}
    )
    departments = forms.FileField(
        label="部门文件（CSV，可选）", required=False, help_text="列：suffix,name,kind,function"
    )
    users = forms.FileField(
        label="用户表（xlsx 或 csv，可选）", required=False, help_text="列：用户名,姓名,手机,角色,单位"
    )
    city = forms.BooleanField(
        label="置于所属地市之下",
        required=False,
        help_text="如 桐庐县 置于 杭州市 之下：在地市授权的局领导可在驾驶舱看到其下每个区县及合计。"
        "数据库中已有该地市时，新接入的区县自动置于其下。",
    )


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "function", "parent", "managed_by", "is_active"]
    list_filter = ["kind", "function", "is_active"]
    search_fields = ["name", "code"]
    readonly_fields = ["path", "depth"]
    autocomplete_fields = ["parent"]
    change_list_template = "admin/core/orgunit/change_list.html"

    def get_urls(self):
        view = self.admin_site.admin_view(self.onboard_view)
        status = self.admin_site.admin_view(self.onboard_status_view)
        return [
            path("onboard/", view, name="core_orgunit_onboard"),
            path("onboard/<int:pk>/", status, name="core_orgunit_onboard_status"),
            *super().get_urls(),
        ]

    def _may_onboard(self, request) -> bool:
        return self.has_add_permission(request) and request.user.has_perm("core.add_user")

    def onboard_status_view(self, request, pk: int):
        """接入进度: the page reloads itself every second while the job is queued or running;
        when done, the counts, the rejected user rows and — once, to whoever started it — the
        new users' initial passwords."""
        if not self._may_onboard(request):
            raise PermissionDenied
        job = OnboardingJob.objects.filter(pk=pk).first()
        if job is None:
            raise Http404("接入任务不存在")
        passwords = []
        if job.status == OnboardingStatus.DONE and job.created_by_id == request.user.pk:
            passwords = onboarding.take_passwords(job)
        context: dict[str, Any] = {
            **self.admin_site.each_context(request),
            "title": "接入新的区县",
            "opts": self.model._meta,
            "job": job,
            "passwords": passwords,
            "waits_too_long": job.waiting_seconds > 10,
        }
        return TemplateResponse(request, "admin/core/orgunit/onboard_status.html", context)

    def onboard_view(self, request):
        """接入新的区县: county code → preview counts → run; the result page shows the counts,
        the rejected user rows and, once, the new users' initial passwords."""
        if not self._may_onboard(request):
            raise PermissionDenied
        context: dict[str, Any] = {
            **self.admin_site.each_context(request),
            "title": "接入新的区县",
            "opts": self.model._meta,
        }
        form = OnboardForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            code = form.cleaned_data["county"]
            deps_file, users_file = form.cleaned_data["departments"], form.cleaned_data["users"]
            try:
                deps_text = deps_file.read().decode("utf-8-sig") if deps_file else None
                if "run" in request.POST:
                    # Checked now (a bad file is refused on this page), run in the background
                    # (a county's thousand units and its users' password hashes take a while).
                    job, new = onboarding.onboard_start(
                        code,
                        departments_text=deps_text,
                        users=(users_file.read(), users_file.name) if users_file else None,
                        actor=request.user,
                        city=form.cleaned_data["city"],
                    )
                    if new:
                        onboard_task.enqueue(job.pk)
                    return redirect("admin:core_orgunit_onboard_status", pk=job.pk)
                else:
                    deps = onboarding.parse_departments(deps_text) if deps_text else []
                    context["preview"] = onboarding.preview(code, deps)
            except (divisions.UnknownCounty, onboarding.OnboardingError, orgtree.OrgTreeError) as exc:
                context["error"] = str(exc)
            except UnicodeDecodeError:
                context["error"] = "部门文件应为 UTF-8 编码的 CSV。"
        context["form"] = form
        return TemplateResponse(request, "admin/core/orgunit/onboard.html", context)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only, and only for the audit role (审计员), as the workbench's /audit/: the
    administrators whose actions it records do not read it."""

    list_display = ["at", "actor_name", "action", "object_repr", "client_ip"]
    list_filter = ["action"]
    search_fields = ["actor_name", "object_repr", "object_id"]
    date_hierarchy = "at"

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_view_permission(self, request, obj=None):
        from fazhi.core.roles import Area
        from fazhi.core.scoping import can_in_area

        return can_in_area(request.user, Area.AUDIT) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class HolidayOverrideInline(admin.TabularInline):
    model = HolidayOverride
    extra = 3
    fields = ["date", "kind", "name"]


@admin.register(HolidayYear)
class HolidayYearAdmin(admin.ModelAdmin):
    list_display = ["year", "notice", "published_on", "entered_by", "entered_at"]
    inlines = [HolidayOverrideInline]
    readonly_fields = ["entered_by", "entered_at"]

    def save_model(self, request, obj, form, change):
        obj.entered_by = obj.entered_by or request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        from fazhi.core.calendar import invalidate

        super().save_related(request, form, formsets, change)
        invalidate()  # this process sees the new year at once; others within seconds


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    """Admins see masked values only; unmasking happens on case pages, audited."""

    list_display = ["name", "masked_id_number", "is_demo", "created_at"]
    search_fields = ["name"]
    # The birth date and gender are parts of the ID number: shown, they leave a few candidates.
    exclude = ["id_number", "phone", "address", "birth_date", "gender"]
    readonly_fields = ["masked_id_number", "masked_phone"]

    @admin.display(description="身份证号码")
    def masked_id_number(self, obj):
        from fazhi.core.pii import mask_id_number

        return mask_id_number(obj.id_number)

    @admin.display(description="联系电话")
    def masked_phone(self, obj):
        from fazhi.core.pii import mask_phone

        return mask_phone(obj.phone)


@admin.register(LegalEntity)
class LegalEntityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "uscc", "is_enterprise", "is_demo"]
    search_fields = ["name", "uscc"]


@admin.register(NumberSequence)
class NumberSequenceAdmin(admin.ModelAdmin):
    list_display = ["key", "year", "last"]
    readonly_fields = ["key", "year", "last"]

    def has_add_permission(self, request):
        return False


@admin.register(SmsMessage)
class SmsMessageAdmin(admin.ModelAdmin):
    """短信发送记录: read-only; the number is shown masked (the gateway's record is the outbox)."""

    list_display = ["created_at", "recipient", "masked_phone", "status", "text", "error"]
    list_filter = ["status"]
    fields = [
        "created_at",
        "recipient",
        "masked_phone",
        "text",
        "status",
        "backend",
        "gateway_id",
        "error",
        "sent_at",
    ]
    readonly_fields = fields

    @admin.display(description="手机号码")
    def masked_phone(self, obj: SmsMessage) -> str:
        return mask_phone(obj.phone)

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


# The task queue's list (django_tasks_db) in Chinese: its columns, and a task named by what it does.
TASK_LABELS = {
    "import_ledger_task": "台账导入",
    "export_ledger_task": "台账导出",
    "import_register_task": "登记簿导入",
    "export_register_task": "登记簿导出",
    "rebuild_index_task": "重建助手索引",
}

admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(BaseTaskResultAdmin):
    list_display = (
        "short_id",
        "task_label",
        "status",
        "enqueued_at",
        "started_at",
        "finished_at",
        "queue_name",
    )

    @admin.display(description="任务编号", ordering="id")
    def short_id(self, obj: DBTaskResult) -> str:
        return str(obj.id)[:8]

    @admin.display(description="任务")
    def task_label(self, obj: DBTaskResult) -> str:
        return TASK_LABELS.get(obj.task_path.rsplit(".", 1)[-1], obj.task_path)

    @admin.display(description="错误追踪")
    def formatted_traceback(self, obj: DBTaskResult) -> str:
        return super().formatted_traceback(obj)

    @admin.display(description="最早执行时间")
    def display_run_after(self, obj: DBTaskResult) -> Any:
        return super().display_run_after(obj)

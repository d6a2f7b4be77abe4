"""Django admin (管理后台) for reference data and accounts. The audit log is read-only here."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django_tasks_db.admin import DBTaskResultAdmin as BaseTaskResultAdmin
from django_tasks_db.models import DBTaskResult
from simple_history.admin import SimpleHistoryAdmin

from fazhi.core.models import (
    AuditEvent,
    HolidayOverride,
    HolidayYear,
    LegalEntity,
    NumberSequence,
    OrgUnit,
    Person,
    RoleGrant,
    User,
)


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["org_unit"]
    fields = ["role", "org_unit", "valid_until"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "display_name", "kind", "is_active", "is_staff", "last_login"]
    list_filter = ["kind", "is_active", "is_staff", "is_demo"]
    search_fields = ["username", "display_name"]
    fieldsets = (*BaseUserAdmin.fieldsets, ("平台信息", {"fields": ("kind", "display_name", "is_demo")}))
    inlines = [RoleGrantInline]


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "parent", "managed_by", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]
    readonly_fields = ["path", "depth"]
    autocomplete_fields = ["parent"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_name", "action", "object_repr", "client_ip"]
    list_filter = ["action"]
    search_fields = ["actor_name", "object_repr", "object_id"]
    date_hierarchy = "at"

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
    exclude = ["id_number", "phone", "address"]
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


# The task queue's list (django_tasks_db) in Chinese: its columns, and a task named by what it does.
TASK_LABELS = {
    "import_ledger_task": "台账导入",
    "export_ledger_task": "台账导出",
    "import_register_task": "登记簿导入",
    "export_register_task": "登记簿导出",
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

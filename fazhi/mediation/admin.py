"""纠纷类型 in the admin: the bureau adds local types under the Ministry's statistical ones."""

from django.contrib import admin

from fazhi.mediation.models import DisputeType


@admin.register(DisputeType)
class DisputeTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "parent", "active", "order")
    list_filter = ("active", ("parent", admin.EmptyFieldListFilter))
    search_fields = ("name", "code")
    ordering = ("order", "code")

    def has_delete_permission(self, request, obj=None):
        # Records keep the code: retire a type (active = no) instead of deleting it.
        return False

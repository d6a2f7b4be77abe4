from django.contrib import admin

from fazhi.network.models import ResourceType


@admin.register(ResourceType)
class ResourceTypeAdmin(admin.ModelAdmin):
    """法律服务资源类型: the configurable list of resource types."""

    list_display = ("name", "code", "order", "active")
    list_editable = ("order", "active")

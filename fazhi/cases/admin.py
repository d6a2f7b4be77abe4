"""The case engine's data a bureau keeps itself in the admin: its 台账同义词."""

from django.contrib import admin

from fazhi.cases.models import ImportMapping, LedgerAlias


@admin.register(LedgerAlias)
class LedgerAliasAdmin(admin.ModelAdmin):
    list_display = ("alias", "header", "value", "kind")
    list_filter = ("kind",)
    search_fields = ("alias", "header", "value")


@admin.register(ImportMapping)
class ImportMappingAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "updated_at")
    list_filter = ("kind",)

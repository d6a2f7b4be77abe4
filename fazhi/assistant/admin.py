from django.contrib import admin

from fazhi.assistant.models import Question


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    """问答记录 (masked at the source): read only — the log is what was asked and answered."""

    list_display = ("created_at", "channel", "route", "answered", "top_score", "feedback", "text")
    list_filter = ("channel", "route", "answered", "feedback")
    search_fields = ("text",)

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

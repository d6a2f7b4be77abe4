"""django-axes (login throttling) under a Chinese name in the admin (its own module: an apps.py with
two AppConfig classes would leave Django without a default for fazhi.core)."""

from axes.apps import AppConfig


class AxesConfig(AppConfig):
    """登录保护."""

    verbose_name = "登录保护"

    def ready(self) -> None:
        super().ready()
        from axes.admin import AccessAttemptAdmin

        # axes gives its status column no label of its own (the admin would show "Status").
        AccessAttemptAdmin.status.short_description = "状态"  # type: ignore[attr-defined]

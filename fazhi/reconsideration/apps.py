from django.apps import AppConfig


class ReconsiderationConfig(AppConfig):
    """行政复议: applications, acceptance review, procedure, decisions, opinion letters."""

    name = "fazhi.reconsideration"
    label = "reconsideration"
    verbose_name = "行政复议"

    def ready(self) -> None:
        from fazhi.reconsideration import kind  # noqa: F401  (registers the case kinds)

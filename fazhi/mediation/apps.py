from django.apps import AppConfig


class MediationConfig(AppConfig):
    """人民调解: committees' mediation cases on the case engine."""

    name = "fazhi.mediation"
    label = "mediation"
    verbose_name = "人民调解"

    def ready(self) -> None:
        from fazhi.mediation import kind  # noqa: F401  (registers the case kind)

from django.apps import AppConfig


class LitigationConfig(AppConfig):
    """行政应诉: first-instance suits against district agencies, appearance, outcomes."""

    name = "fazhi.litigation"
    label = "litigation"
    verbose_name = "行政应诉"

    def ready(self) -> None:
        from fazhi.litigation import kind  # noqa: F401  (registers the case kind)

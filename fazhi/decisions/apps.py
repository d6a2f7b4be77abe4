from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    """重大行政决策: the annual catalogue and the statutory steps of major administrative decisions."""

    name = "fazhi.decisions"
    label = "decisions"
    verbose_name = "重大行政决策"

    def ready(self) -> None:
        from fazhi.decisions import kind  # noqa: F401  (registers the case kind)

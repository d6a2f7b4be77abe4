from django.apps import AppConfig


class LegalityConfig(AppConfig):
    """合法性审查: legality review of drafts, decisions, contracts and enforcement decisions; reviewers, trainings, bulletins."""

    name = "fazhi.legality"
    label = "legality"
    verbose_name = "合法性审查"

    def ready(self) -> None:
        from fazhi.legality import kind  # noqa: F401  (registers the case kind)

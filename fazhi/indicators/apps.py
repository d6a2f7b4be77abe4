from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    """指标与预警: the report's figures computed from records, warnings, the dashboard."""

    name = "fazhi.indicators"
    label = "indicators"
    verbose_name = "指标与预警"

    def ready(self) -> None:
        from fazhi.core import navigation
        from fazhi.core.roles import Area
        from fazhi.indicators.definitions import register_all

        register_all()
        navigation.register(
            navigation.NavItem(
                "dashboard", "驾驶舱", "indicators:dashboard", Area.INDICATORS, group="工作", order=5
            )
        )

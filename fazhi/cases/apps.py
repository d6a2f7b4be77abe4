from django.apps import AppConfig


class CasesConfig(AppConfig):
    """案件引擎: the generic case, workflow engine, deadlines, timeline, ledgers."""

    name = "fazhi.cases"
    label = "cases"
    verbose_name = "案件引擎"

    def ready(self) -> None:
        from fazhi.cases.home import due_panel
        from fazhi.core import navigation, worklists
        from fazhi.core.roles import Area

        navigation.register(
            navigation.NavItem("due", "临期/超期", "cases:due", Area.INDICATORS, group="工作", order=10)
        )
        navigation.register(
            navigation.NavItem(
                "to_confirm", "待人工确认", "cases:to_confirm", Area.INDICATORS, group="工作", order=11
            )
        )
        worklists.register(due_panel)

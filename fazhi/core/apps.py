from django.apps import AppConfig


class CoreConfig(AppConfig):
    """核心: org tree, people and roles, scoping, audit, personal information, numbering, calendar."""

    name = "fazhi.core"
    label = "core"
    verbose_name = "基础平台"

    def ready(self) -> None:
        from fazhi.core import lookups, navigation, signals  # noqa: F401  (lookups: registered; signals: login/logout audit)
        from fazhi.core.roles import Area

        navigation.register(
            navigation.NavItem("org", "组织机构", "org_list", Area.ORG, group="基础", order=900)
        )
        navigation.register(
            navigation.NavItem("audit", "审计日志", "audit_list", Area.AUDIT, group="基础", order=910)
        )

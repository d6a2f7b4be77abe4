from django.apps import AppConfig


class NetworkConfig(AppConfig):
    """公共法律服务网络: the 1+3+N+1 network's sites, resources, signposts, service records and the
    population they serve (the "15-minute public legal service circle")."""

    name = "fazhi.network"
    label = "network"
    verbose_name = "公共法律服务网络"

    def ready(self) -> None:
        from fazhi.core import navigation
        from fazhi.core.roles import Area
        from fazhi.network.coverage import may_view

        for key, label, url, order in (
            ("network_map", "服务网络地图", "network:map", 64),
            ("network_coverage", "覆盖率报表", "network:coverage", 65),
            ("network_siting", "选址测算", "network:siting", 66),
        ):
            navigation.register(
                navigation.NavItem(key, label, url, Area.SERVICES, order=order, visible=may_view)
            )

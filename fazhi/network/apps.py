from django.apps import AppConfig


class NetworkConfig(AppConfig):
    """公共法律服务网络: the 1+3+N+1 network's sites, resources, signposts, service records and the
    population they serve (the "15-minute public legal service circle")."""

    name = "fazhi.network"
    label = "network"
    verbose_name = "公共法律服务网络"

from django.apps import AppConfig


class PortalConfig(AppConfig):
    """公众服务门户: the channel through which citizens and enterprises reach the platform."""

    name = "fazhi.portal"
    label = "portal"
    verbose_name = "公众服务门户"

from django.apps import AppConfig


class ApiConfig(AppConfig):
    """接口: the REST API (django-ninja, OpenAPI) for other systems, and its access tokens."""

    name = "fazhi.api"
    label = "api"
    verbose_name = "数据接口"

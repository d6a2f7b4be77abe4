from django.apps import AppConfig


class DemoConfig(AppConfig):
    """演示数据: the deterministic Xihu 2023–2024 dataset, built through the services."""

    name = "fazhi.demo"
    label = "demo"
    verbose_name = "演示数据"

from django.apps import AppConfig


class DemoConfig(AppConfig):
    """演示数据: the deterministic Xihu 2023–2024 dataset, built through the services."""

    name = "fazhi.demo"
    label = "demo"
    verbose_name = "演示数据"

    def ready(self) -> None:
        from fazhi.core import notices
        from fazhi.demo.notices import demo_progress

        # The build's progress where the bureau first looks: the home page and the 驾驶舱.
        notices.register("home", demo_progress)
        notices.register("dashboard", demo_progress)

from django.apps import AppConfig


class PortalConfig(AppConfig):
    """公众服务门户: the channel through which citizens and enterprises reach the platform."""

    name = "fazhi.portal"
    label = "portal"
    verbose_name = "公众服务门户"

    def ready(self) -> None:
        from fazhi.cases.signals import case_stepped
        from fazhi.portal.notify import on_case_stepped

        # SMS back to the applicant when their case is accepted, refused, asked for 补正 or closed.
        case_stepped.connect(on_case_stepped, dispatch_uid="portal.notify.on_case_stepped")

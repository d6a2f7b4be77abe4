from django.apps import AppConfig


class RegistersConfig(AppConfig):
    """登记簿: records without a workflow (rosters, organisations, consultations, commendations),
    each declared once in its line's `registers.py`."""

    name = "fazhi.registers"
    label = "registers"
    verbose_name = "登记簿"

    def ready(self) -> None:
        # After the lines' own ready() (this app is listed after them): a register's menu entry
        # replaces an older entry of the same key.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("registers")

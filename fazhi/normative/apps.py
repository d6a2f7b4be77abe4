from django.apps import AppConfig


class NormativeConfig(AppConfig):
    """行政规范性文件: the register of normative documents: filing, validity and clean-up."""

    name = "fazhi.normative"
    label = "normative"
    verbose_name = "行政规范性文件"

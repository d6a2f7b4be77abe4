from django.apps import AppConfig


class ScopeAppConfig(AppConfig):
    name = "fazhi.core.tests.scopeapp"
    label = "scopeapp"

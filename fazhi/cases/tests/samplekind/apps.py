from django.apps import AppConfig


class SampleKindConfig(AppConfig):
    """A test-only case kind's detail model (installed only under pytest: fazhi.settings). The kind
    itself is registered per test by the `sample_kind` fixture (fazhi/cases/tests/conftest.py)."""

    name = "fazhi.cases.tests.samplekind"
    label = "samplekind"
    verbose_name = "样例案件（仅测试）"

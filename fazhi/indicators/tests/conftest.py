from fazhi.mediation.tests.conftest import beishan_mediator, new_mediation  # noqa: F401  (shared fixtures)

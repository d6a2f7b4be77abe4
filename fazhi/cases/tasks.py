"""Background tasks of the case engine (run by `fazhi db_worker`; inline in tests)."""

from django_tasks import task

from fazhi.cases import exports
from fazhi.cases.ledger import run_import
from fazhi.cases.models import ImportJob


@task()
def import_ledger_task(job_id: int) -> None:
    run_import(ImportJob.objects.get(pk=job_id))


@task()
def export_ledger_task(job_id: int) -> None:
    exports.run(job_id, exports.build_ledger)

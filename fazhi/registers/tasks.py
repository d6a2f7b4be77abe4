"""Background import of a register's sheet (run by `fazhi db_worker`; inline in tests)."""

from django_tasks import task

from fazhi.cases import exports
from fazhi.cases.models import ImportJob
from fazhi.registers.ledger import build_export, run_import


@task()
def import_register_task(job_id: int) -> None:
    run_import(ImportJob.objects.get(pk=job_id))


@task()
def export_register_task(job_id: int) -> None:
    exports.run(job_id, build_export)

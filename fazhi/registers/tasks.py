"""Background import of a register's sheet (run by `fazhi db_worker`; inline in tests)."""

from django_tasks import task

from fazhi.cases.models import ImportJob
from fazhi.registers.ledger import run_import


@task()
def import_register_task(job_id: int) -> None:
    run_import(ImportJob.objects.get(pk=job_id))

"""Background job of the assistant (run by `fazhi db_worker`; inline in tests)."""

from django_tasks import task

from fazhi.assistant.services import run_rebuild


@task()
def rebuild_index_task(build_id: int) -> None:
    """重建助手索引, started from the knowledge page, the CLI or after the demo."""
    run_rebuild(build_id)

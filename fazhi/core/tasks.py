"""Background jobs of the core (run by `fazhi db_worker`; inline in tests)."""

from django_tasks import task

from fazhi.core.models import OnboardingJob
from fazhi.core.onboarding import onboard_run


@task()
def onboard_task(job_id: int) -> None:
    """接入新的区县, started from the admin page."""
    onboard_run(OnboardingJob.objects.get(pk=job_id))

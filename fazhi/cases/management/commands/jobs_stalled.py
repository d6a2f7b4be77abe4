"""fazhi jobs_stalled: imports whose background worker stopped mid-way (no progress for
FAZHI_JOB_STALL_MINUTES) are marked failed with what was kept. Run it from cron every few
minutes; a job's own page does the same when someone looks at it."""

from django.core.management.base import BaseCommand

from fazhi.cases.ledger import discard_unconfirmed, fail_if_stalled
from fazhi.cases.models import ImportJob, ImportStatus


class Command(BaseCommand):
    help = "把后台已停止（长时间没有进展）的导入任务标为失败"

    def handle(self, *args, **options):
        marked = [
            job
            for job in ImportJob.objects.filter(status=ImportStatus.RUNNING)
            if fail_if_stalled(job).status == ImportStatus.FAILED
        ]
        self.stdout.write(f"已标记中断的导入任务 {len(marked)} 个")
        self.stdout.write(f"已删除一天内未确认的试导入文件 {discard_unconfirmed()} 个")

"""fazhi expire_deadlines: the daily job — open deadlines past due become 逾期, and rules with a
legal effect on expiry take it (e.g. FY-05a 视为受理), unless the due day is provisional (an
unpublished holiday year): then the deadline waits on the 待人工确认 list. Run it from cron once a day."""

from django.core.management.base import BaseCommand

from fazhi.cases.models import Deadline, DeadlineState
from fazhi.cases.services import deadlines_expire


class Command(BaseCommand):
    help = "处理已届满的期限（逾期标记、视为受理等法定后果），每日运行一次"

    def handle(self, *args, **options):
        count = deadlines_expire()
        waiting = Deadline.objects.filter(state=DeadlineState.TO_CONFIRM).count()
        self.stdout.write(f"已处理届满期限 {count} 个；待人工确认 {waiting} 个")

"""fazhi indicators --from 2024-01-01 --to 2024-12-31 --org 330106 [--json] [--key K …]:
the report's figures computed from records (REPORT-FIGURES.md format with --json)."""

import json
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from fazhi.core.models import OrgUnit
from fazhi.core.scoping import SYSTEM
from fazhi.indicators import registry
from fazhi.indicators.engine import Period, compute


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"日期“{value}”无效，应为 YYYY-MM-DD") from None


class Command(BaseCommand):
    help = "按期间和单位计算指标（来自逐条记录）"

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", required=True)
        parser.add_argument("--to", dest="end", required=True)
        parser.add_argument("--org", default=settings.FAZHI_DISTRICT_CODE)
        parser.add_argument("--json", dest="as_json", action="store_true")
        parser.add_argument("--key", action="append", default=[], help="只计算这些指标（可重复）")

    def handle(self, *args, start, end, org, as_json, key, **options):
        unit = OrgUnit.objects.filter(code=org).first()
        if unit is None:
            raise CommandError(f"找不到单位代码 {org}")
        try:
            period = Period(_date(start), _date(end))
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        indicators = registry.selected(settings.FAZHI_INDICATOR_VERSIONS)
        if key:
            unknown = set(key) - {i.key for i in indicators}
            if unknown:
                raise CommandError(f"未知的指标：{', '.join(sorted(unknown))}")
            indicators = [i for i in indicators if i.key in key]
        results = compute(indicators, period=period, user=SYSTEM, org=unit, compare=False)
        if as_json:
            self.stdout.write(_dumps([r.as_json(period=period, org=unit) for r in results]))
            return
        self.stdout.write(f"{unit.name} {period.label}")
        for r in results:
            tail = f"（{r.numerator}/{r.denominator}）" if r.indicator.is_rate else ""
            self.stdout.write(f"  {r.key:<40} {r.indicator.name:<16} {r.display}{tail}")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)

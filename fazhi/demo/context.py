"""What every line's demo generator shares: a seeded random source, synthetic people (names from
Faker's zh_CN provider, checksum-valid ID numbers, clearly synthetic phone numbers), the demo
staff who act, and date helpers. Everything the generators make is marked 演示数据 (is_demo)."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypeVar

from faker import Faker

from fazhi.core.models import OrgUnit, User
from fazhi.core.models.org import TOWNSHIP_KINDS
from fazhi.law.calendar import default_calendar
from fazhi.law.validators import id_number_checksum, uscc_checksum

T = TypeVar("T")
# Monthly weight of new matters (fewer around 春节, more in spring and autumn).
MONTH_WEIGHTS = (0.8, 0.6, 1.0, 1.0, 1.05, 1.0, 1.0, 0.95, 1.0, 0.9, 1.05, 1.1)


@dataclass
class DemoContext:
    """Shared state of one demo build."""

    seed: int
    progress: Callable[[str, int, int], None] = lambda label, done, total: None
    rng: random.Random = field(init=False)
    faker: Faker = field(init=False)
    _units: dict[str, OrgUnit] = field(default_factory=dict, init=False)
    _ids: set[str] = field(default_factory=set, init=False)
    # What a line's generators keep for the rest of this build (a pool read once, numbers drawn so
    # far): on the build's own context, never in module globals a later build would find.
    memo: dict[Any, Any] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.faker = Faker("zh_CN")
        self.faker.seed_instance(self.seed)

    # --- org units and staff ------------------------------------------------------------------

    def unit(self, code: str) -> OrgUnit:
        if code not in self._units:
            self._units[code] = OrgUnit.objects.get(code=code)
        return self._units[code]

    def townships(self, *, counted_only: bool = True) -> list[OrgUnit]:
        """The 乡级 units; by default only the 11 the district counts (not scenic-area managed)."""
        units = OrgUnit.objects.filter(kind__in=TOWNSHIP_KINDS).order_by("code")
        return [u for u in units if u.counts_in_district_stats or not counted_only]

    def user(self, username: str) -> User:
        return User.objects.get(username=username)

    # --- randomness ---------------------------------------------------------------------------

    def choice(self, items: Sequence[T]) -> T:
        return items[self.rng.randrange(len(items))]

    def weighted(self, items: Sequence[tuple[T, float]]) -> T:
        return self.rng.choices([i for i, _ in items], weights=[w for _, w in items])[0]

    def shuffled(self, items: Sequence[T]) -> list[T]:
        out = list(items)
        self.rng.shuffle(out)
        return out

    # --- dates --------------------------------------------------------------------------------

    def dates_in_year(self, year: int, n: int, *, until: date | None = None) -> list[date]:
        """n working days of `year` (sorted), spread by the monthly weights; never after `until`."""
        last = min(date(year, 12, 31), until or date(year, 12, 31))
        cal = default_calendar()
        days = [date(year, 1, 1) + timedelta(days=i) for i in range((last - date(year, 1, 1)).days + 1)]
        workdays = [d for d in days if cal.is_workday(d)]
        weights = [MONTH_WEIGHTS[d.month - 1] for d in workdays]
        return sorted(self.rng.choices(workdays, weights=weights, k=n))

    def workday_after(self, start: date, low: int, high: int, *, not_after: date | None = None) -> date:
        """A working day between `low` and `high` calendar days after `start` (capped)."""
        cal = default_calendar()
        d = start + timedelta(days=self.rng.randint(low, high))
        while not cal.is_workday(d):
            d += timedelta(days=1)
        if not_after and d > not_after:
            d = not_after
        return max(d, start)

    # --- synthetic people ---------------------------------------------------------------------

    def person(self, *, born_from: int = 1950, born_to: int = 2004, address: bool = True) -> dict[str, Any]:
        """A synthetic natural person: name, checksum-valid ID number from a Xihu region code,
        phone in the reserved-looking 1990000xxxx range, address."""
        while True:
            birth = date(
                self.rng.randint(born_from, born_to), self.rng.randint(1, 12), self.rng.randint(1, 28)
            )
            first17 = f"330106{birth:%Y%m%d}{self.rng.randint(0, 999):03d}"
            number = first17 + id_number_checksum(first17)
            if number not in self._ids:
                self._ids.add(number)
                break
        person = {
            "name": self.faker.name(),
            "id_number": number,
            "phone": f"1990000{self.rng.randint(0, 9999):04d}",
            "birth_date": birth,
            "gender": "M" if int(first17[-1]) % 2 else "F",
        }
        if address:
            person["address"] = f"浙江省杭州市西湖区{self.faker.street_address()}"
        return person

    def company(self) -> dict[str, Any]:
        """A synthetic enterprise with a checksum-valid unified social credit code (marked 演示)."""
        body = "".join(self.rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
        first17 = f"91330106{body}"
        return {"name": f"{self.faker.company()}（演示）", "uscc": first17 + uscc_checksum(first17)}

    def split(self, total: int, parts: int, *, minimum: int = 0) -> list[int]:
        """`total` split into `parts` random non-negative counts (each ≥ minimum) summing to total."""
        base = [minimum] * parts
        rest = total - minimum * parts
        if rest < 0:
            raise ValueError("minimum too large")
        for _ in range(rest):
            base[self.rng.randrange(parts)] += 1
        return base

    def tick(self, label: str, done: int, total: int) -> None:
        if done == total or done % 250 == 0:
            self.progress(label, done, total)

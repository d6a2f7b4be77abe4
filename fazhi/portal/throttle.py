"""Rate limits of the public portal (限流): how often one phone, one address or one account may do
something (ask for a code, try a code, submit, track) within a time window. (Submissions per
account are bounded by the stored submissions themselves: portal.services.check_submission_rate.)

Counters live in the database (`ThrottleCounter`), one row per key and fixed window, incremented
by a single UPDATE … SET count = count + 1 — so every gunicorn worker and every app server counts
together and two concurrent requests never lose a count. (Django's database cache would need
`createcachetable` and its `incr` is a read then a write, which concurrent requests race past;
the local-memory cache counts per process. Neither holds a limit across workers.)

    from fazhi.portal import throttle

    throttle.check_or_raise(throttle.key("submit:ip", address), *throttle.rule("submit_ip_hour"))

`rule(name)` reads the limit from settings.FAZHI_PORTAL_LIMITS ("count/seconds"), so a
deployment (or a load test from one address) can change it without code. Keys hold a keyed hash
of the value (a phone, an address), never the value itself.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from fazhi.core.pii import blind_index
from fazhi.portal.models import ThrottleCounter

# name -> "count/seconds". Sign-in (this module's caller fazhi.portal.auth) and the defaults for
# submitting and tracking, which their views use by name.
DEFAULT_LIMITS: dict[str, str] = {
    "code_phone_minute": "1/60",  # one code per minute to one phone
    "code_phone_hour": "5/3600",  # five codes an hour to one phone
    "code_ip_hour": "20/3600",  # twenty codes an hour asked from one address
    "verify_phone_hour": "10/3600",  # code attempts for one phone
    "verify_ip_hour": "30/3600",  # code attempts from one address
    "challenge_failures": "3/3600",  # wrong codes (per phone or address) before a challenge is asked
    "submit_ip_hour": "30/3600",  # submissions from one address
    "track_ip_hour": "60/3600",  # tracking look-ups (number + 查询码) from one address
}


class Throttled(Exception):
    """A limit is reached; `retry_after` seconds until the window ends; `message` in Chinese says
    when to try again."""

    def __init__(self, retry_after: int, message: str = "") -> None:
        self.retry_after = max(int(retry_after), 1)
        self.until = timezone.localtime() + timedelta(seconds=self.retry_after)
        self.message = (
            message or f"操作过于频繁，请{wait_text(self.retry_after)}后再试（{self.until:%H:%M} 之后）。"
        )
        super().__init__(self.message)


def wait_text(seconds: int) -> str:
    """“1 分钟”, “35 分钟”, “2 小时” — how long to wait, rounded up, in plain words."""
    minutes = max(1, -(-int(seconds) // 60))
    if minutes < 90:
        return f" {minutes} 分钟"
    return f"约 {-(-minutes // 60)} 小时"


def rule(name: str) -> tuple[int, int]:
    """(limit, window seconds) of a named limit: settings.FAZHI_PORTAL_LIMITS, else the default."""
    configured = getattr(settings, "FAZHI_PORTAL_LIMITS", {}) or {}
    text = configured.get(name) or DEFAULT_LIMITS[name]
    count, _, seconds = str(text).partition("/")
    return int(count), int(seconds)


def key(scope: str, value: str) -> str:
    """A counter key: the scope (e.g. "code:phone") and a keyed hash of the value."""
    return f"{scope}:{blind_index(value or '-')[:40]}"


def _window(window: int, now: datetime) -> datetime:
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % window, tz=UTC)


def _retry_after(window: int, now: datetime) -> int:
    return int((_window(window, now) + timedelta(seconds=window) - now).total_seconds()) + 1


def count(key: str, window: int, *, now: datetime | None = None) -> int:
    """How many times `key` was hit in the current window (nothing is counted)."""
    now = now or timezone.now()
    row = ThrottleCounter.objects.filter(key=key, window_start=_window(window, now)).first()
    return row.count if row else 0


def increment(key: str, window: int, *, now: datetime | None = None) -> int:
    """Count one for `key` in the current window; the count after it."""
    now = now or timezone.now()
    start = _window(window, now)
    current = ThrottleCounter.objects.filter(key=key, window_start=start)
    with transaction.atomic():
        if not current.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    ThrottleCounter.objects.create(
                        key=key, window_start=start, expires_at=start + timedelta(seconds=window), count=1
                    )
            except IntegrityError:  # another request made the row first
                current.update(count=F("count") + 1)
            else:
                # A new window: drop the windows that have ended (any key), so the table stays small.
                ThrottleCounter.objects.filter(expires_at__lt=now).delete()
        # Read inside the transaction: the row is locked by our UPDATE until commit.
        return current.values_list("count", flat=True).first() or 0


def hit(key: str, limit: int, window: int, *, now: datetime | None = None) -> bool:
    """Count one; True while the count is within `limit` for this window."""
    return increment(key, window, now=now) <= limit


def check_or_raise(
    key: str, limit: int, window: int, *, message: str = "", now: datetime | None = None
) -> None:
    """Count one; raise `Throttled` (with when to try again) once `limit` is passed."""
    now = now or timezone.now()
    if not hit(key, limit, window, now=now):
        raise Throttled(_retry_after(window, now), message)


def blocked(key: str, limit: int, window: int, *, now: datetime | None = None) -> Throttled | None:
    """Without counting: a `Throttled` if `key` already reached `limit` in this window, else None."""
    now = now or timezone.now()
    if count(key, window, now=now) >= limit:
        return Throttled(_retry_after(window, now))
    return None


def reset(key: str) -> None:
    """Forget every window of `key` (e.g. after a successful sign-in)."""
    ThrottleCounter.objects.filter(key=key).delete()

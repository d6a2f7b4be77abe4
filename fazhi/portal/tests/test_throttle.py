"""fazhi.portal.throttle: database counters per key and fixed window, shared by every worker."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection, connections

from fazhi.portal import throttle
from fazhi.portal.models import ThrottleCounter

T0 = datetime(2025, 3, 1, 10, 0, 5, tzinfo=UTC)


def test_hits_count_up_to_the_limit_per_key(db):
    for _ in range(3):
        assert throttle.hit("k:a", 3, 60, now=T0)
    assert not throttle.hit("k:a", 3, 60, now=T0)
    assert throttle.hit("k:b", 3, 60, now=T0)  # another key counts apart
    assert throttle.count("k:a", 60, now=T0) == 4 and throttle.count("k:b", 60, now=T0) == 1


def test_a_new_window_starts_afresh_and_ended_windows_are_dropped(db):
    for _ in range(2):
        throttle.hit("k:a", 1, 60, now=T0)
    assert not throttle.hit("k:a", 1, 60, now=T0 + timedelta(seconds=50))  # same window (10:00:00–10:01:00)
    assert throttle.hit("k:a", 1, 60, now=T0 + timedelta(seconds=60))
    assert ThrottleCounter.objects.count() == 1  # the ended window went with the new one


def test_check_or_raise_says_when_to_try_again(db):
    throttle.check_or_raise("k:a", 1, 3600, now=T0)
    with pytest.raises(throttle.Throttled) as exc:
        throttle.check_or_raise("k:a", 1, 3600, now=T0)
    # The hour window started at 10:00:00; at 10:00:05 there are 3,595 s left: 60 minutes.
    assert exc.value.retry_after == 3596 and " 60 分钟后再试" in exc.value.message


def test_blocked_only_looks_and_reset_forgets(db):
    assert throttle.blocked("k:a", 2, 60, now=T0) is None
    throttle.hit("k:a", 2, 60, now=T0)
    throttle.hit("k:a", 2, 60, now=T0)
    assert isinstance(throttle.blocked("k:a", 2, 60, now=T0), throttle.Throttled)
    assert throttle.count("k:a", 60, now=T0) == 2  # blocked() counted nothing
    throttle.reset("k:a")
    assert throttle.blocked("k:a", 2, 60, now=T0) is None


def test_rules_come_from_settings_over_the_defaults(settings):
    assert throttle.rule("code_phone_minute") == (1, 60)
    settings.FAZHI_PORTAL_LIMITS = {"code_phone_minute": "3/120"}
    assert throttle.rule("code_phone_minute") == (3, 120)
    with pytest.raises(KeyError):
        throttle.rule("no_such_rule")


def test_keys_never_hold_the_value():
    key = throttle.key("code:phone", "13900001111")
    assert "13900001111" not in key and key.startswith("code:phone:") and len(key) <= 120
    assert key == throttle.key("code:phone", "13900001111") != throttle.key("code:phone", "13900001112")


@pytest.mark.parametrize(
    ("seconds", "text"), [(1, " 1 分钟"), (61, " 2 分钟"), (3600, " 60 分钟"), (7200, "约 2 小时")]
)
def test_wait_text(seconds, text):
    assert throttle.wait_text(seconds) == text


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_hits_from_many_connections_lose_no_count():
    """Threads, each with its own database connection (as workers have): every hit is counted."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers: a PostgreSQL matter (SQLite serialises writers)")
    threads, per_thread = 8, 15
    start = threading.Barrier(threads)
    results: list[bool] = []
    lock = threading.Lock()

    def work() -> None:
        try:
            start.wait()
            mine = [
                throttle.hit("k:race", threads * per_thread // 2, 3600, now=T0) for _ in range(per_thread)
            ]
            with lock:
                results.extend(mine)
        finally:
            connections.close_all()

    pool = [threading.Thread(target=work) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    assert throttle.count("k:race", 3600, now=T0) == threads * per_thread
    assert results.count(True) == threads * per_thread // 2  # exactly the limit got through

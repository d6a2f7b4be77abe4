"""Issue 13, acceptance: numbering and transitions under concurrency, on PostgreSQL, through the
production server with several processes — two gunicorn workers (each with its own threads and
database connections) serving the JSON API, as a bureau runs it.

- Many intakes at once: every one is stored, with its own number (no duplicate, no gap), and
  nothing is lost.
- The same step on the same case at once: exactly one wins; every other request gets a clean
  answer (400 with the reason: the case has moved on), never a 500; the timeline holds one step.
- Steps on different cases at once all succeed.

SQLite serialises writers in one file, so the test runs on PostgreSQL only (`make test-pg`, CI).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from fazhi.api.services import api_token_create
from fazhi.cases.models import Case, CaseEvent, EventKind
from fazhi.cases.services import PartyInput, case_create
from fazhi.core.roles import Role

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

COMMITTEE = "330106002-TWH"
LIST = "/api/cases/mediation/"
INTAKES = 24
SAME_STEP = 10


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server():
    """gunicorn with two worker processes (four threads each) on the test database."""
    if connection.vendor != "postgresql":
        pytest.skip("several processes writing at once: a PostgreSQL matter (SQLite serialises writers)")
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "FAZHI_TESTING": "1",  # the test process's settings and keys (fazhi.settings.TESTING)
        "DEBUG": "False",
        "CONN_MAX_AGE": "0",
    }
    env.pop("FAZHI_DEV", None)
    root = Path(__file__).resolve().parents[3]
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "fazhi.wsgi:application",
            "--workers=2",
            "--threads=4",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
        ],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{base}/api/docs", timeout=2)
                break
            except urllib.error.HTTPError:
                break  # it answers
            except OSError as exc:
                if proc.poll() is not None:
                    output = proc.stdout.read().decode() if proc.stdout else ""
                    raise RuntimeError(f"gunicorn exited: {output}") from exc
                time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not answer in 30 s")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def _post(base: str, path: str, secret: str, body: dict) -> tuple[int, dict]:
    request = urllib.request.Request(
        base + path,
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        raw = exc.read()
        try:
            return exc.code, json.loads(raw or b"{}")
        except ValueError:
            return exc.code, {"raw": raw[:300].decode(errors="replace")}


def _intake(i: int) -> dict:
    return {
        "org_unit": COMMITTEE,
        "received_on": "2024-03-05",
        "title": f"并发收案 {i}",
        "parties": [{"role": "applicant", "name": f"申请人{i}"}],
        "detail": {"dispute_type": "neighbour", "intake_mode": "application"},
    }


def test_two_gunicorn_workers_number_every_intake_once_and_let_one_step_win(server, make_user, xihu):
    mediator = make_user(Role.MEDIATOR, COMMITTEE)
    _token, secret = api_token_create(actor=None, user=mediator, name="并发测试")

    # Many intakes at once, spread over both workers.
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda i: _post(server, LIST, secret, _intake(i)), range(INTAKES)))
    assert [status for status, _ in answers] == [201] * INTAKES, answers
    numbers = [body["number"] for _, body in answers]
    assert len(set(numbers)) == INTAKES  # unique
    stored = Case.objects.filter(kind="mediation", title__startswith="并发收案")
    assert stored.count() == INTAKES and set(stored.values_list("number", flat=True)) == set(numbers)
    sequence = sorted(int(n.rsplit("-", 1)[1]) for n in numbers)
    assert sequence == list(range(sequence[0], sequence[0] + INTAKES))  # no gap

    # The same step on the same case at once: one wins, the others are told why, nothing breaks.
    case = case_create(
        actor=mediator,
        kind="mediation",
        org_unit=xihu[COMMITTEE],
        received_on=date(2024, 3, 5),
        title="同一案件的并发受理",
        parties=[PartyInput(role="applicant", person={"name": "王小明"})],
        detail={"dispute_type": "neighbour"},
    )
    step = f"/api/cases/mediation/{case.pk}/transitions/accept"
    with ThreadPoolExecutor(max_workers=SAME_STEP) as pool:
        answers = list(
            pool.map(lambda _: _post(server, step, secret, {"on": "2024-03-06"}), range(SAME_STEP))
        )
    statuses = sorted(status for status, _ in answers)
    assert statuses.count(200) == 1 and all(s == 400 for s in statuses if s != 200), answers
    assert all("detail" in body for status, body in answers if status == 400)
    (winner,) = [body for status, body in answers if status == 200]
    case.refresh_from_db()
    assert case.status == winner["status"] != "received"
    assert CaseEvent.objects.filter(case=case, kind=EventKind.TRANSITION).count() == 1

    # Steps on different cases at once all succeed.
    ids = list(stored.values_list("pk", flat=True))
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(
            pool.map(
                lambda pk: _post(
                    server, f"/api/cases/mediation/{pk}/transitions/accept", secret, {"on": "2024-03-06"}
                ),
                ids,
            )
        )
    assert [status for status, _ in answers] == [200] * INTAKES, answers
    assert Case.objects.filter(pk__in=ids, status=case.status).count() == INTAKES

"""The demo build's progress in the database (`DemoBuild`, one row): `fazhi demo` reports each
step (a line and year) and its count; the home page and the 驾驶舱 read it, so the workbench can be
used while `make run` builds the demo in the background, and says that figures are incomplete."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Sequence
from datetime import timedelta

from django.db import DatabaseError
from django.utils import timezone

from fazhi.demo.models import BuildState, DemoBuild

PK = 1
WRITE_EVERY = 0.5  # seconds between progress writes (each is one short transaction)
STALE_AFTER = timedelta(minutes=3)  # a running build on another host that reported nothing since


def current() -> DemoBuild | None:
    """The build's row as it stands (a running build whose process is gone reads as interrupted);
    None when no build was ever started (or the table is not there yet)."""
    try:
        build = DemoBuild.objects.filter(pk=PK).first()
    except DatabaseError:  # not migrated yet
        return None
    if build is not None and build.state == BuildState.RUNNING and not is_alive(build):
        build.state = BuildState.INTERRUPTED
    return build


def is_alive(build: DemoBuild) -> bool:
    """Whether the process that reports this build still runs (its pid on this host; elsewhere,
    a report within the last minutes)."""
    if build.host == socket.gethostname() and build.pid:
        try:
            os.kill(build.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    return timezone.now() - build.updated_at < STALE_AFTER


class Reporter:
    """Writes the progress of a build made of weighted steps. Within a step, the generator's ticks
    (label, done, total) move the step's share; a step may tick several labels in turn (法律援助 then
    法律咨询), each given its share of the step in `phases`."""

    def __init__(self, steps: Sequence[tuple[str, float]], phases: dict[str, float] | None = None) -> None:
        self.steps = list(steps)
        self.total_weight = sum(w for _, w in self.steps) or 1.0
        self.phases = phases or {}
        self.index = -1
        self.before = 0.0  # weight of the steps done
        self.share_done = 0.0  # share of the current step done by finished phases
        self.phase: str | None = None
        self.percent = 0
        self.last_write = 0.0
        self.finished: list[list] = []
        DemoBuild.objects.filter(pk=PK).delete()
        DemoBuild.objects.create(
            pk=PK, state=BuildState.RUNNING, pid=os.getpid(), host=socket.gethostname()[:100]
        )

    def _write(self, **fields) -> None:
        fields["updated_at"] = timezone.now()
        DemoBuild.objects.filter(pk=PK).update(**fields)
        self.last_write = time.monotonic()

    def start(self, label: str) -> None:
        """The next step (its label, e.g. “法律援助 2024年”) begins."""
        self.index += 1
        self.share_done, self.phase = 0.0, None
        self._write(step=label, phase="", done=0, total=0, percent=self.percent)

    def tick(self, label: str, done: int, total: int) -> None:
        """A generator's count within the current step."""
        if label != self.phase:
            if self.phase is not None:
                self.share_done += self._share(self.phase)
            self.phase = label
        fraction = self.share_done + self._share(label) * (done / total if total else 1.0)
        self._move(fraction)
        if done == total or time.monotonic() - self.last_write >= WRITE_EVERY:
            self._write(phase=label, done=done, total=total, percent=self.percent)

    def step_done(self, seconds: float) -> None:
        label, weight = self.steps[self.index]
        self.before += weight
        self.finished.append([label, round(seconds, 1)])
        self._move(0.0)
        self._write(percent=self.percent, steps_done=self.finished)

    def finish(self) -> None:
        self.percent = 100
        self._write(state=BuildState.DONE, percent=100, step="", phase="", finished_at=timezone.now())

    def stop(self, state: str, error: str = "") -> None:
        self._write(state=state, error=error[:2000], finished_at=timezone.now())

    # ---

    def _share(self, label: str) -> float:
        return next((share for prefix, share in self.phases.items() if label.startswith(prefix)), 1.0)

    def _move(self, fraction: float) -> None:
        weight = self.steps[self.index][1] if 0 <= self.index < len(self.steps) else 0.0
        percent = int(100 * (self.before + weight * min(fraction, 1.0)) / self.total_weight)
        self.percent = max(self.percent, min(percent, 99))  # never backwards; 100 only when finished

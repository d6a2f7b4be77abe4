"""Row history (django-simple-history) as the platform keeps it: each change of a record stored
as a historical row, read by record (`id`) and date — in the admin's history view, never searched
by its other columns."""

from __future__ import annotations

from typing import Any

from simple_history.models import HistoricalRecords


def row_history(*, no_db_index: list[str] | None = None, **options: Any) -> HistoricalRecords:
    """`HistoricalRecords` without lookup indexes on the fields named in `no_db_index` (foreign
    keys and other indexed columns of the live table) and without a database constraint on the
    acting user (Django still applies its on_delete). For speed: a bulk import writes every row
    twice, and on PostgreSQL each constraint is one more check per historical row at commit."""
    return HistoricalRecords(no_db_index=no_db_index or [], user_db_constraint=False, **options)

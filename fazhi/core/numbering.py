"""Case and document numbers (DOMAIN.md §5), allocated without gaps or duplicates.

`allocate(key, year)` must run inside the transaction that creates the numbered record: it locks
the sequence row (SELECT … FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transactions serialise
writers), so concurrent writers queue, and a rollback returns the number.
"""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction

from fazhi.core.models import NumberSequence
from fazhi.law.numbering import format_doc_number, format_mediation_number


def allocate(key: str, year: int, count: int = 1) -> int:
    """The next number of sequence `key` in `year` (1, 2, 3 … per year); with `count`, the first of
    that many consecutive numbers under the one lock (a bulk import numbers a chunk at once)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("编号必须在创建记录的事务内分配（否则回滚会留下空号）。")
    try:
        with transaction.atomic():  # savepoint: a concurrent creator may win the insert
            NumberSequence.objects.get_or_create(key=key, year=year)
    except IntegrityError:
        pass
    seq = NumberSequence.objects.select_for_update().get(key=key, year=year)
    first = seq.last + 1
    seq.last += count
    seq.save(update_fields=["last"])
    return first


def prefix_for(doc_type: str, district: str = "") -> str:
    """The configured 机关代字 of a document type (DOMAIN.md §5.2: the Xihu prefixes are
    UNVERIFIED, so they are settings): the district's own (FAZHI_DISTRICT_NUMBER_PREFIXES, by 区县
    code — several districts share one database), else FAZHI_NUMBER_PREFIXES."""
    own = (getattr(settings, "FAZHI_DISTRICT_NUMBER_PREFIXES", {}) or {}).get(district, {})
    if doc_type in own:
        return own[doc_type]
    try:
        return settings.FAZHI_NUMBER_PREFIXES[doc_type]
    except KeyError as exc:
        raise KeyError(f"未配置文书类型“{doc_type}”的机关代字（FAZHI_NUMBER_PREFIXES）。") from exc


def doc_sequence_key(doc_type: str, district: str = "") -> str:
    """The sequence of a document type's numbers: one per 机关代字 the number carries. Districts
    sharing the default prefix share its sequence (their numbers never collide); a district with
    its own prefix counts apart (余政复〔2024〕1号 beside 西政复〔2024〕1号)."""
    prefix = prefix_for(doc_type, district)
    if prefix == prefix_for(doc_type):
        return f"doc:{doc_type}"
    return f"doc:{doc_type}:{prefix}"


def next_doc_number(doc_type: str, year: int, district: str = "") -> str:
    """发文字号 in GB/T 9704 form, e.g. 西政复〔2024〕12号; one case, one number; with the
    机关代字 of `district` (its 区县 code) where it has its own."""
    return format_doc_number(
        prefix_for(doc_type, district), year, allocate(doc_sequence_key(doc_type, district), year)
    )


def next_mediation_number(committee_code: str, year: int) -> str:
    """人民调解 internal number {committee_code}-{year}-{seq} (no national scheme exists)."""
    return format_mediation_number(committee_code, year, allocate(f"mediation:{committee_code}", year))

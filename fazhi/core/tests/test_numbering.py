"""Numbers: sequential per key and year, no gap after a rollback, unique under concurrency."""

import threading

import pytest
from django.db import close_old_connections, connection, transaction

from fazhi.core import numbering


def allocate_in_transaction(key, year):
    with transaction.atomic():
        return numbering.allocate(key, year)


def test_numbers_count_up_per_key_and_year(db):
    assert [allocate_in_transaction("doc:x", 2024) for _ in range(3)] == [1, 2, 3]
    assert allocate_in_transaction("doc:x", 2025) == 1
    assert allocate_in_transaction("doc:y", 2024) == 1


def test_a_rolled_back_record_gives_its_number_back(db):
    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        assert numbering.allocate("doc:x", 2024) == 1
        raise Boom
    assert allocate_in_transaction("doc:x", 2024) == 1


@pytest.mark.django_db(transaction=True)
def test_allocation_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError, match="事务"):
        numbering.allocate("doc:x", 2024)


def test_document_numbers_follow_gbt_9704(db, settings):
    settings.FAZHI_NUMBER_PREFIXES = {**settings.FAZHI_NUMBER_PREFIXES, "reconsideration": "西政复"}
    with transaction.atomic():
        assert numbering.next_doc_number("reconsideration", 2024) == "西政复〔2024〕1号"
        assert numbering.next_doc_number("reconsideration", 2024) == "西政复〔2024〕2号"
        assert numbering.next_mediation_number("330106002-TWH", 2024) == "330106002-TWH-2024-1"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_get_unique_gapless_numbers():
    if connection.vendor != "postgresql":
        pytest.skip("row locks across connections are a PostgreSQL matter; SQLite serialises writers")
    writers, per_writer = 8, 25
    results: list[int] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(writers)
    lock = threading.Lock()

    def writer():
        try:
            barrier.wait()
            for _ in range(per_writer):
                n = allocate_in_transaction("doc:concurrent", 2024)
                with lock:
                    results.append(n)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=writer) for _ in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert sorted(results) == list(range(1, writers * per_writer + 1))

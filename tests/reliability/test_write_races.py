"""Concurrent writers that reach for the same new email, tag or company get the usual outcome.

On PostgreSQL two writers can both check "nobody has this" and then insert it; the second
then runs again (``retry_races``) and sees the first's row. Threads share nothing but the
server here (each has its own connection), as processes would.
"""

from __future__ import annotations

import threading

from store.errors import DuplicateContact
from store.models import Company, Contact, Person, Tag
from store.persons import profiles

THREADS = 4
ROUNDS = 30


def _race(work) -> list[BaseException]:
    errors: list[BaseException] = []
    barrier = threading.Barrier(THREADS)

    def run(thread: int) -> None:
        for i in range(ROUNDS):
            barrier.wait()
            try:
                work(thread, i)
            except DuplicateContact:
                pass  # the expected outcome for all but one writer
            except BaseException as exc:  # noqa: BLE001 - the test counts every other failure
                errors.append(exc)

    threads = [threading.Thread(target=run, args=(t,)) for t in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_the_same_new_email_goes_to_exactly_one_person(store_db):
    errors = _race(
        lambda t, i: profiles.create_person({"first_name": f"T{t}", "emails": [f"race{i}@example.com"]})
    )
    assert errors == []
    assert Contact.select().where(Contact.value.startswith("race")).count() == ROUNDS
    assert Person.select().count() == ROUNDS


def test_the_same_new_tag_and_company_are_created_once(store_db):
    errors = _race(
        lambda t, i: profiles.create_person(
            {
                "first_name": f"T{t}",
                "emails": [f"t{t}.{i}@example.com"],
                "company": f"Race {i}",
                "tags": [f"race {i}"],
            }
        )
    )
    assert errors == []
    assert Person.select().count() == THREADS * ROUNDS
    assert Company.select().count() == ROUNDS
    assert Tag.select().count() == ROUNDS

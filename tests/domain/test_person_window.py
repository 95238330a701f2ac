"""The persons list's window: pages, moves, row positions, the search, the total, query counts."""

from __future__ import annotations

from playhouse.test_utils import count_queries

from store import companies, tags
from store.persons import profiles
from store.persons.listing import PersonCriteria
from store.persons.window import open_window, search_persons


def _ids(window) -> list[int]:
    return [r.id for r in window.rows]


def _positions(window) -> tuple[int | None, int | None]:
    return window.first_row, window.last_row


def _persons(count: int, **data) -> list[int]:
    return [profiles.create_person({"first_name": f"N{i:02d}", **data}).id for i in range(count)]


def test_pages_and_positions_from_the_start_to_the_end_and_back(store_db):
    ids = _persons(23)
    first = open_window(size=5)
    assert _ids(first) == ids[:5] and _positions(first) == (1, 5)
    assert not first.has_before and first.has_after and first.total is None
    assert first.count_total() == 23
    middle = first.next().next()
    assert _ids(middle) == ids[10:15] and _positions(middle) == (11, 15)
    assert middle.has_before and middle.has_after
    end = middle.next().next()
    assert _ids(end) == ids[20:] and _positions(end) == (21, 23) and end.at_end
    assert end.next() is end
    back = end.previous()
    assert _ids(back) == ids[15:20] and _positions(back) == (16, 20)
    assert _ids(back.first()) == ids[:5] and _positions(back.first()) == (1, 5)


def test_the_last_page_knows_its_rows_once_the_total_is_counted(store_db):
    ids = _persons(23)
    last = open_window(size=5).last()
    assert _ids(last) == ids[-5:] and last.at_end and last.has_before
    assert _positions(last) == (None, None)  # "rows ?-? of …" until the count arrives
    counted = last.with_total(last.count_total())
    assert _positions(counted) == (19, 23)
    before = counted.previous().previous()
    assert _ids(before) == ids[8:13] and _positions(before) == (9, 13)
    assert _positions(before.next()) == (14, 18)


def test_the_page_size_can_change_between_moves(store_db):
    ids = _persons(12)
    second = open_window(size=5).next()
    assert _ids(second) == ids[5:10]
    bigger = second.previous(size=8)  # fewer than 8 rows lie before: the first page, full
    assert _ids(bigger) == ids[:8] and _positions(bigger) == (1, 8) and bigger.size == 8
    assert _ids(bigger.next()) == ids[8:] and _positions(bigger.next()) == (9, 12)


def test_reload_keeps_the_place_and_fills_in_after_a_delete(store_db):
    ids = _persons(15)
    middle = open_window(size=5).next()
    profiles.delete_person(ids[6])
    again = middle.reload()
    assert _ids(again) == [*ids[5:6], *ids[7:11]] and _positions(again) == (6, 10)
    last = open_window(size=5).last()
    profiles.delete_person(ids[-1])
    again = last.reload()
    assert _ids(again) == ids[-6:-1]
    assert _positions(again.with_total(again.count_total())) == (9, 13)
    third = open_window(size=5).next().next()
    assert _ids(third) == ids[11:14]
    for person_id in ids[11:14]:
        profiles.delete_person(person_id)
    assert _ids(third.reload()) == ids[:5]  # nothing left there: the first page


def _horvats():
    ana = profiles.create_person(
        {
            "first_name": "Ana",
            "last_name": "Horvat",
            "emails": ["ana@example.com"],
            "phones": ["+385911234567"],
            "type": "lead",
        }
    )
    named = [profiles.create_person({"first_name": f"Ivo{i}", "last_name": "Horvat"}).id for i in range(6)]
    zed = profiles.create_person({"first_name": "Zed", "external_id": "horv", "tags": ["vip"]})
    return ana, named, zed


def test_exact_matches_by_email_and_phone(store_db):
    ana, _named, _zed = _horvats()
    for text in ("ANA@example.com", "+385 91 123 4567", "+385 (91) 123-4567"):
        window = open_window(text=text, size=5)
        assert _ids(window) == [ana.id] and _positions(window) == (1, 1) and window.at_end
        assert window.count_total() == 1
    assert open_window(text="ana@example.com").kind == "email"
    assert open_window(text="+385 91 123 4567").kind == "phone"
    for text in ("nobody@example.com", "not an email@", "+385 91 000 0000"):
        window = open_window(text=text)
        assert window.rows == () and window.count_total() == 0


def test_an_external_id_comes_first_then_the_name_pages(store_db):
    ana, named, zed = _horvats()
    by_name = [ana.id, *named]  # "Ana Horvat", "Ivo0 Horvat", ...: by the folded full name
    first = open_window(text="horv", size=3)
    assert first.kind == "name" and _ids(first) == [zed.id, *by_name[:2]]
    assert first.count_total() == 8
    second = first.next()
    assert _ids(second) == by_name[2:5] and _positions(second) == (4, 6)
    assert _ids(second.previous()) == _ids(first) and _positions(second.previous()) == (1, 3)
    last = first.last().with_total(8)
    assert _ids(last) == by_name[-3:] and _positions(last) == (6, 8)
    assert search_persons("horv") == list(open_window(text="horv").rows)


def test_an_exact_match_that_also_matches_the_name_is_listed_once(store_db):
    _ana, named, _zed = _horvats()
    hor = profiles.create_person({"first_name": "Horvoje", "external_id": "horvo"})
    window = open_window(text="horvo", size=3)
    assert _ids(window) == [hor.id] and window.count_total() == 1
    assert open_window(text="ivo1", size=3).rows[0].id == named[1]


def test_the_last_page_of_a_short_search_ends_with_the_exact_match_before_the_names(store_db):
    _ana, named, zed = _horvats()
    last = open_window(PersonCriteria(types=("customer",)), "horv", size=4).last()
    # Six names and the exact match make seven rows: the last four are names only.
    assert _ids(last) == named[-4:]
    whole = open_window(PersonCriteria(types=("customer",)), "horv", size=7).last()
    assert _ids(whole) == [zed.id, *named] and _positions(whole) == (1, 7) and not whole.has_before
    tail = open_window(PersonCriteria(types=("customer",)), "horv", size=6).last()
    assert _ids(tail) == named and tail.has_before and _positions(tail.with_total(7)) == (2, 7)
    assert _ids(tail.previous()) == [zed.id, *named[:5]]


def test_filters_and_search_together(store_db):
    ana, named, zed = _horvats()
    acme = companies.create_company({"name": "ACME"})
    profiles.update_person(named[2], {"company": acme.id})
    tags.assign_tag("vip", [named[4]])
    customers = PersonCriteria(types=("customer",))
    assert open_window(customers, "ana@example.com").rows == ()  # Ana is a lead
    assert _ids(open_window(PersonCriteria(types=("lead",)), "ana@example.com")) == [ana.id]
    assert _ids(open_window(customers, "horv")) == [zed.id, *named]
    assert _ids(open_window(PersonCriteria(tag="vip"), "horv")) == [zed.id, named[4]]
    window = open_window(PersonCriteria(company_id=acme.id), "horv")
    assert _ids(window) == [named[2]] and window.count_total() == 1
    assert open_window(PersonCriteria(tag="no such tag"), "horv").rows == ()
    assert not window.shows(PersonCriteria(), "horv") and window.shows(
        PersonCriteria(company_id=acme.id), "horv"
    )


def test_a_page_is_a_constant_number_of_queries(store_db):
    for i in range(40):
        profiles.create_person(
            {"first_name": "Ana", "last_name": f"Kov{i:02d}", "emails": [f"a{i}@example.com"], "tags": ["t"]}
        )
    for text in ("", "kov", "a7@example.com"):
        with count_queries() as small:
            window = open_window(text=text, size=5)
        with count_queries() as large:
            open_window(text=text, size=30)
        assert small.count == large.count <= 9, text
        with count_queries() as moved:
            window.next()
        with count_queries() as moved_far:
            window.next(size=30).next(size=5)
        assert moved.count * 2 == moved_far.count or window.at_end
    with count_queries() as counted:
        open_window(text="kov").count_total()
    assert counted.count <= 9

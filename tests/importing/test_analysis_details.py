"""The analysis says what the import will do (SPEC 6.4), and the import then does exactly that.

One file with rows that join inside it, records matching an existing Lead and an
existing Customer, and a record matching two profiles; its analysis JSON lists those
groups, matches, actions and changes, and the import that follows stores those values
and records those changes. Both backends.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from store import companies
from store.errors import InvalidValue
from store.importing.engine import ImportJob, import_file
from store.importing.options import ImportOptions
from store.importing.progress import drive
from store.models import Change
from store.persons import listing, profiles

PROFILES = Path(sys.executable).parent / "profiles"

FILE = (
    "email,phone,first name,city,tags\n"
    "ivan@example.com,,John,Split,\n"  # row 2: the Lead Ivan, merged
    "new1@example.com,+385912222222,Eva,,\n"  # row 3: new
    "ana@example.com,,Anita,Rijeka,\n"  # row 4: the Customer Ana: a Lead import only fills her empty city
    "new2@example.com,+385912222222,Eve,,\n"  # row 5: joins row 3 by its phone
    "mia@example.com,+385911111111,,,\n"  # row 6: two profiles (#3 by phone, #4 by email): a conflict
    "ivan@example.com,,,,vip\n"  # row 7: joins row 2 by its email
)

DUPLICATES = [
    {"rows": [2, 7], "by": "email", "value": "ivan@example.com"},
    {"rows": [3, 5], "by": "phone", "value": "+385912222222"},
]
IVAN_CHANGES = [
    {"field": "first_name", "old": "Ivan", "new": "John"},
    {"field": "city", "old": "Zagreb", "new": "Split"},
    {"field": "tags", "old": None, "new": "vip"},
]
MATCHES = [
    {"rows": [2, 7], "person_id": 1, "action": "merge", "changes": IVAN_CHANGES},
    {
        "rows": [4],
        "person_id": 2,
        "action": "fill_empty",
        "changes": [{"field": "city", "old": None, "new": "Rijeka"}],
    },
    {"rows": [6], "person_id": None, "person_ids": [3, 4], "action": "conflict", "changes": []},
]


@pytest.fixture
def people(store_db, tmp_path):
    ivan = profiles.create_person(
        {"type": "lead", "first_name": "Ivan", "city": "Zagreb", "emails": ["ivan@example.com"]}
    )
    ana = profiles.create_person(
        {"type": "customer", "first_name": "Ana", "last_name": "Horvat", "emails": ["ana@example.com"]}
    )
    profiles.create_person({"type": "lead", "phones": ["+385911111111"]})
    profiles.create_person({"type": "lead", "emails": ["mia@example.com"]})
    assert (ivan.id, ana.id) == (1, 2)
    path = tmp_path / "people.csv"
    path.write_text(FILE, encoding="utf-8")
    return path


def _import_changes(person_id: int) -> list[dict[str, str | None]]:
    query = (
        Change.select()
        .where((Change.person == person_id) & Change.source.startswith("import #"))
        .order_by(Change.id)
    )
    return [{"field": c.field, "old": c.old_value, "new": c.new_value} for c in query]


def test_the_analysis_lists_the_joins_and_matches_and_the_import_does_exactly_that(people):
    with ImportJob(people, ImportOptions(on_match="merge")) as job:
        analysis = drive(job.analyse()).to_dict()
        assert listing.count_persons() == 4  # nothing written yet
        result = drive(job.confirm())
    assert (analysis["duplicate_groups"], analysis["duplicates"]) == (2, DUPLICATES)
    assert (analysis["matched"], analysis["matches"]) == (3, MATCHES)
    counts = ("rows", "valid", "invalid", "created", "updated", "discarded")
    assert [analysis[k] for k in counts] == [6, 5, 1, 1, 2, 0]
    assert result.counts() == {k: analysis[k] for k in counts}
    assert result.notes == []  # the store did not change in between: the same decisions

    ivan, ana = profiles.get_person(1), profiles.get_person(2)
    assert (ivan.first_name, ivan.city, ivan.tags, ivan.type) == ("John", "Split", ["vip"], "lead")
    assert sorted(_import_changes(1), key=str) == sorted(IVAN_CHANGES, key=str)
    assert (ana.first_name, ana.last_name, ana.city, ana.type) == ("Ana", "Horvat", "Rijeka", "customer")
    assert _import_changes(2) == MATCHES[1]["changes"]
    for other in (3, 4):
        assert _import_changes(other) == []
    eve = profiles.get_person(profiles.find_person_id(phone="+385912222222"))
    assert (eve.first_name, sorted(eve.emails)) == ("Eve", ["new1@example.com", "new2@example.com"])
    assert listing.count_persons() == 5


def test_a_customer_import_promotes_the_lead_and_discard_names_the_profiles(people):
    analysis = drive(
        import_file(people, ImportOptions(on_match="merge", person_type="customer"), analyse_only=True)
    )
    ivan, ana = analysis.to_dict()["matches"][:2]
    assert (
        ivan["action"] == "merge" and {"field": "type", "old": "lead", "new": "customer"} in ivan["changes"]
    )
    assert ana["action"] == "merge"  # a Customer import may overwrite a Customer's values
    assert ana["changes"] == [
        {"field": "first_name", "old": "Ana", "new": "Anita"},
        {"field": "city", "old": None, "new": "Rijeka"},
    ]
    discard = drive(import_file(people, ImportOptions(on_match="discard"), analyse_only=True)).to_dict()
    assert [(m["rows"], m["person_id"], m["action"], m["changes"]) for m in discard["matches"][:2]] == [
        ([2, 7], 1, "discard", []),
        ([4], 2, "discard", []),
    ]
    assert discard["discarded"] == 2


def test_a_company_merge_shows_its_changes(store_db, tmp_path):
    companies.create_company({"name": "ACME", "city": "Zagreb", "domain": "acme.hr"})
    path = tmp_path / "companies.csv"
    path.write_text("name,city,domain\nacme,Split,acme.hr\nGlobex,Osijek,\n", encoding="utf-8")
    analysis = drive(import_file(path, ImportOptions(of="companies", on_match="merge"), analyse_only=True))
    assert analysis.to_dict()["matches"] == [
        {
            "rows": [2],
            "company_id": 1,
            "action": "merge",
            "changes": [
                {"field": "name", "old": "ACME", "new": "acme"},
                {"field": "city", "old": "Zagreb", "new": "Split"},
            ],
        }
    ]


def test_details_are_kept_for_the_first_n_and_all_are_counted(store_db, tmp_path):
    path = tmp_path / "many.csv"
    path.write_text(
        "email,first name\n" + "".join(f"u{i}@example.com,A\nu{i}@example.com,B\n" for i in range(30)),
        encoding="utf-8",
    )
    with ImportJob(path, ImportOptions(), analyse_only=True, details_limit=5) as job:
        details = drive(job.analyse()).details
    assert details is not None and details.duplicate_groups == 30
    assert [d.rows for d in details.duplicates] == [[2 * i + 2, 2 * i + 3] for i in range(5)]
    with pytest.raises(InvalidValue, match="Details limit 0"):
        ImportJob(path, ImportOptions(), details_limit=0)


def test_the_command_line_prints_the_details(tmp_path):
    url = f"sqlite:///{tmp_path / 't.db'}"
    path = tmp_path / "people.csv"
    path.write_text(
        "email,first name\nana@example.com,Ana\nana@example.com,Anna\nbo@example.com,Bo\n", encoding="utf-8"
    )
    subprocess.run(
        [
            str(PROFILES),
            "--db",
            url,
            "persons",
            "add",
            "--email",
            "bo@example.com",
            "--first-name",
            "B",
            "--type",
            "lead",
        ],
        check=True,
        capture_output=True,
    )

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(PROFILES), "--db", url, "import", str(path), "--on-match", "merge", "--analyse-only", *args],
            capture_output=True,
            text=True,
            timeout=60,
        )

    data = json.loads(cli("--json", "--details-limit", "1").stdout)
    assert data["duplicates"] == [{"rows": [2, 3], "by": "email", "value": "ana@example.com"}]
    assert data["matches"] == [
        {
            "rows": [4],
            "person_id": 1,
            "action": "merge",
            "changes": [{"field": "first_name", "old": "B", "new": "Bo"}],
        }
    ]
    text = cli().stdout
    assert "joined in the file: 1 records of several rows\n    rows 2, 3 by email 'ana@example.com'" in text
    assert "row 4 → person #1: merge: first_name 'B' → 'Bo'" in text


def test_two_records_into_one_profile_show_the_changes_in_the_order_they_are_written(store_db, tmp_path):
    profiles.create_person(
        {"type": "lead", "first_name": "Old", "emails": ["x@example.com"], "phones": ["+385911234567"]}
    )
    path = tmp_path / "two.csv"
    path.write_text(
        "email,phone,first name,city\n"
        "x@example.com,,A,\n"  # row 2: by email, joined by row 4, so written after row 3's record
        ",+385911234567,B,\n"  # row 3: by phone, the same profile, written first
        "x@example.com,,,Zadar\n",
        encoding="utf-8",
    )
    with ImportJob(path, ImportOptions(on_match="merge")) as job:
        analysis = drive(job.analyse()).to_dict()
        drive(job.confirm())
    assert [(m["rows"], m["person_id"], m["changes"]) for m in analysis["matches"]] == [
        (
            [2, 4],
            1,
            [{"field": "first_name", "old": "B", "new": "A"}, {"field": "city", "old": None, "new": "Zadar"}],
        ),
        ([3], 1, [{"field": "first_name", "old": "Old", "new": "B"}]),
    ]
    shown = [c for m in reversed(analysis["matches"]) for c in m["changes"]]
    assert sorted(_import_changes(1), key=str) == sorted(shown, key=str)
    person = profiles.get_person(1)
    assert (person.first_name, person.city) == ("A", "Zadar")

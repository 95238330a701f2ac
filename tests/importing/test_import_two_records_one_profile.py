"""Two records of one file that match the same existing profile by different contacts."""

from __future__ import annotations

from store import tags
from store.importing.engine import import_file
from store.importing.options import ImportOptions
from store.importing.progress import drive
from store.importing.undo import undo_import
from store.persons import profiles


def test_both_merge_into_it_once_and_undo_gives_back_its_modified_at(store_db, tmp_path):
    ana = profiles.create_person(
        {"first_name": "Ana", "type": "lead", "emails": ["ana@example.com", "ana@work.example"]}
    )
    path = tmp_path / "people.csv"
    path.write_text("email,first name,tags\nana@example.com,Anna,vip\nana@work.example,Annie,vip\n")
    result = drive(import_file(path, ImportOptions(on_match="merge")))
    assert result.status == "completed", result.message
    merged = profiles.get_person(ana.id)
    assert merged.first_name == "Annie"  # the later record wins, as for rows of one group
    assert tags.tags_for([ana.id]) == {ana.id: ["vip"]}
    undo_import(result.import_id)
    restored = profiles.get_person(ana.id)
    assert (restored.first_name, restored.modified_at) == ("Ana", ana.modified_at)
    assert tags.tags_for([ana.id]) == {ana.id: []}


def test_the_later_record_wins_when_the_two_change_different_fields(store_db, tmp_path):
    """The second record into Bo changes the same fields as the record into Cy, the first fewer."""
    cy = profiles.create_person({"first_name": "Cy", "type": "lead", "emails": ["cy@example.com"]})
    bo = profiles.create_person(
        {"first_name": "Bo", "type": "lead", "emails": ["bo@example.com", "bo@work.example"]}
    )
    path = tmp_path / "people.csv"
    path.write_text(
        "email,first name,city\n"
        "cy@example.com,Cyril,Split\n"
        "bo@example.com,,Osijek\n"
        "bo@work.example,Bob,Zadar\n"
    )
    result = drive(import_file(path, ImportOptions(on_match="merge")))
    assert result.status == "completed", result.message
    assert (profiles.get_person(cy.id).first_name, profiles.get_person(cy.id).city) == ("Cyril", "Split")
    merged = profiles.get_person(bo.id)
    assert (merged.first_name, merged.city) == ("Bob", "Zadar")

"""Column mappings: whole header cells against known names; several columns for phones,
emails and tags, one (the first) for any other field; ``--map`` refuses a second one."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.importing.header_names import COMPANY_NAMES, EXPORT_FORMATS, GENERIC_NAMES, PERSON_NAMES
from store.importing.mapping import normalise_header, propose_company_mapping, propose_mapping
from store.importing.source import open_table

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
IDENTIFIERS = {"external_id", "phone", "email"}


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Email", "email"),
        ("E-mail", "email"),
        ("E-Mail Address", "email"),
        ("  e_mail  ", "email"),
        ("Primary Email", "email"),
        ("E-pošta", "email"),
        ("EPOŠTA", "email"),
        ("E-Mail-Adresse", "email"),
        ("Phone", "phone"),
        ("Mobile Phone", "phone"),
        ("Phone 1", "phone"),
        ("Phone number", "phone"),
        ("Tel.", "phone"),
        ("Telefon", "phone"),
        ("Mobitel", "phone"),
        ("Handy", "phone"),
        ("Telefonnummer", "phone"),
        ("Broj telefona", "phone"),
        ("First Name", "first_name"),
        ("firstname", "first_name"),
        ("Given name", "first_name"),
        ("Ime", "first_name"),
        ("Vorname", "first_name"),
        ("Last name", "last_name"),
        ("Surname", "last_name"),
        ("Prezime", "last_name"),
        ("Nachname", "last_name"),
        ("Middle name", "middle_name"),
        ("Nickname", "nickname"),
        ("ID", "external_id"),
        ("Customer ID", "external_id"),
        ("User Id", "external_id"),
        ("external_id", "external_id"),
        ("Kundennummer", "external_id"),
        ("Šifra kupca", "external_id"),
        ("Sex", "gender"),
        ("Spol", "gender"),
        ("Date of birth", "birth_date"),
        ("Datum rođenja", "birth_date"),
        ("Geburtsdatum", "birth_date"),
        ("Address", "address"),
        ("Straße", "address"),
        ("City", "city"),
        ("Grad", "city"),
        ("Ort", "city"),
        ("Country", "country"),
        ("Država", "country"),
        ("Preferred language", "preferred_language"),
        ("Company", "company"),
        ("Tvrtka", "company"),
        ("Tags", "tags"),
        ("Oznake", "tags"),
    ],
)
def test_known_names_map_whatever_their_case_spaces_and_punctuation(header, field):
    assert propose_mapping([header]).fields == {0: field}


@pytest.mark.parametrize(
    "header",
    [
        "Description of the id",
        "id_pdc",
        "Email sent?",
        "Phone type",
        "Name",
        "Display Name",
        "Notes",
        "",
        "#DIV/0!",
        "Lorem ipsum dolor sit amet",
    ],
)
def test_a_header_never_matches_by_a_part(header):
    proposal = propose_mapping([header])
    assert proposal.fields == {}
    assert proposal.skipped == [
        (0, "no field is known by this name" if header else "the header cell is empty")
    ]


def test_phones_emails_and_tags_take_every_column_other_fields_the_first():
    header = ["Notes", "E-mail", "Email", "id", "Name", "id", "Mobile", "Phone", "Tags", "Labels"]
    proposal = propose_mapping(header)
    assert proposal.fields == {
        1: "email",
        2: "email",
        3: "external_id",
        6: "phone",
        7: "phone",
        8: "tags",
        9: "tags",
    }
    assert proposal.skipped == [
        (0, "no field is known by this name"),
        (4, "no field is known by this name"),
        (5, "external_id takes one column and comes from 'id'"),
    ]


def test_a_second_city_column_is_skipped_naming_the_first():
    header = ["Email", "Business City", "Home City", "Address 1 - City", "Ort"]
    proposal = propose_mapping(header)
    assert proposal.fields == {0: "email", 1: "city"}
    assert proposal.skipped == [
        (2, "city takes one column and comes from 'Business City'"),
        (3, "city takes one column and comes from 'Business City'"),
        (4, "city takes one column and comes from 'Business City'"),
    ]


def test_a_custom_attributes_own_name_maps_to_it_whatever_its_case_and_spaces():
    header = ["Email", "loyalty tier", "Shoe-Size", "Loyalty Tier"]
    proposal = propose_mapping(header, ["Loyalty_Tier", "shoe size"])
    assert proposal.fields == {0: "email", 1: "custom:Loyalty_Tier", 2: "custom:shoe size"}
    assert proposal.skipped == [(3, "custom:Loyalty_Tier takes one column and comes from 'loyalty tier'")]


def test_normalising_removes_case_spaces_and_punctuation_only():
    assert normalise_header(" E-Mail  Address ") == "emailaddress"
    assert normalise_header("E-pošta") == "epošta"
    assert normalise_header("Ｅｍａｉｌ") == "email"  # full-width letters fold too


@pytest.mark.parametrize(
    "names",
    [PERSON_NAMES, COMPANY_NAMES, GENERIC_NAMES, *EXPORT_FORMATS.values()],
    ids=["person", "company", "generic", *EXPORT_FORMATS],
)
def test_no_known_name_belongs_to_two_fields(names):
    seen: dict[str, str] = {}
    for field, known in names.items():
        for name in known:
            key = normalise_header(name)
            assert seen.setdefault(key, field) == field, f"{name!r} is known for {seen[key]} and {field}"


def test_company_mapping():
    header = ["Company Name", "Website", "Industry", "Employees", "City", "Country", "ID", "Tags", "Phone"]
    assert propose_company_mapping(header).fields == {
        0: "name",
        1: "domain",
        2: "industry",
        3: "size",
        4: "city",
        5: "country",
        6: "external_id",
        7: "tags",
    }


def test_a_thunderbird_address_book_maps_its_contact_columns():
    header = ["First Name", "Last Name", "Display Name", "Nickname", "Primary Email", "Secondary Email"]
    header += ["Work Phone", "Home Phone", "Fax Number", "Pager Number", "Mobile Number"]
    assert propose_mapping(header).fields == {
        0: "first_name",
        1: "last_name",
        3: "nickname",
        4: "email",
        5: "email",
        6: "phone",
        7: "phone",
        10: "phone",
    }


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the import corpus is not at {CORPUS}")
@pytest.mark.parametrize("name", ["calamine__errors.xlsx", "recursiveextractor__TestData.zip"])
def test_corpus_files_without_an_identifier_column_map_none(name):
    with open_table(CORPUS / name) as table:
        assert not IDENTIFIERS & set(propose_mapping(table.header).fields.values())


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the import corpus is not at {CORPUS}")
def test_the_people_file_maps_itself():
    with open_table(CORPUS / "datablist__people-100.csv") as table:
        proposal = propose_mapping(table.header)
        mapped = {table.header[position]: field for position, field in proposal.fields.items()}
    assert mapped == {
        "User Id": "external_id",
        "First Name": "first_name",
        "Last Name": "last_name",
        "Sex": "gender",
        "Email": "email",
        "Phone": "phone",
        "Date of birth": "birth_date",
    }

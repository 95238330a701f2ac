"""Column mappings: whole header cells against known names; several columns for phones,
emails and tags, one (the first) for any other field; ``--map`` refuses a second one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from store import attributes
from store.errors import ProfileNotFound
from store.importing import history as import_history
from store.importing.engine import import_file
from store.importing.header_names import COMPANY_NAMES, EXPORT_FORMATS, GENERIC_NAMES, PERSON_NAMES
from store.importing.mapping import normalise_header, propose_company_mapping, propose_mapping
from store.importing.options import FieldMappedTwice, ImportOptions
from store.importing.progress import drive
from store.importing.rowcheck import RowChecker
from store.importing.source import open_table
from store.importing.table import SourceRow
from store.persons import listing, profiles
from tui.main import main

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


@pytest.fixture
def write(tmp_path):
    def make(text: str) -> str:
        path = tmp_path / "contacts.csv"
        path.write_text(text, encoding="utf-8")
        return str(path)

    return make


def run(path: str, **options):
    return drive(import_file(path, ImportOptions(**options)))


def by_email(email: str):
    return profiles.get_person(profiles.find_person_id(email=email))


def test_several_columns_given_for_phones_emails_and_tags_each_add_their_values(store_db, write):
    path = write(
        "Mail,Mail 2,Phone,Mobile,Group,Segment,City\n"
        "ana@example.com,ANA@example.com,+385 91 123 4567,+385 1 234 5678,vip,news,Zagreb\n"
        "ivo@example.com,ivo@work.example,,+385911234567,,vip,Split\n"
    )
    mapping = [("Mail", "email"), ("Mail 2", "email"), ("Phone", "phone"), ("Mobile", "phone")]
    mapping += [("Group", "tags"), ("Segment", "tags"), ("City", "city")]
    result = run(path, mapping=mapping)
    # Ivo's mobile is Ana's phone: the two rows are one record
    assert (result.rows, result.valid, result.invalid, result.created) == (2, 2, 0, 1)
    ana = by_email("ivo@example.com")
    assert sorted(ana.emails) == ["ana@example.com", "ivo@example.com", "ivo@work.example"]
    assert sorted(ana.phones) == ["+38512345678", "+385911234567"]
    assert sorted(ana.tags) == ["news", "vip"] and ana.city == "Split"
    assert [f for _, f in result.mapping] == ["email", "email", "phone", "phone", "tags", "tags", "city"]


def test_google_separator_splits_one_cell_into_several_values(store_db, write):
    path = write(
        "E-mail 1 - Value,Phone 1 - Value,Labels\n"
        "ana@example.com ::: Ana@Work.example ::: ana@example.com,+385 91 123 4567 ::: +385 1 234 5678,"
        "Friends ::: Work\n"
        "ivo@example.com ::: not-an-email,,\n"
    )
    result = run(path)
    assert (result.rows, result.valid, result.invalid, result.created) == (2, 1, 1, 1)
    ana = by_email("ana@example.com")
    assert sorted(ana.emails) == ["ana@example.com", "ana@work.example"]
    assert sorted(ana.phones) == ["+38512345678", "+385911234567"]
    assert sorted(ana.tags) == ["Friends", "Work"]
    assert result.errors == [
        {
            "row": 3,
            "column": "E-mail 1 - Value",
            "value": "ivo@example.com ::: not-an-email",
            "reason": "Email 'not-an-email' must contain exactly one @.",
        }
    ]
    with pytest.raises(ProfileNotFound):
        profiles.find_person_id(email="ivo@example.com")


def test_the_helper_processes_get_each_phone_of_a_cell_on_its_own():
    checker = RowChecker(["Phone 1 - Value", "Phone 2 - Value"], {0: "phone", 1: "phone"}, ImportOptions())
    rows = [SourceRow(2, ["+385 91 123 4567 ::: +385 1 234 5678", "+385 98 765 4321"], False)]
    assert checker.phone_texts(rows) == {"+385 91 123 4567", "+385 1 234 5678", "+385 98 765 4321"}


def test_each_value_of_several_columns_counts_as_one_contact_of_the_20_from_a_file(store_db, write):
    emails = [f"p{n}@example.com" for n in range(21)]
    header = ",".join(f"E-mail {n} - Value" for n in range(1, 12))
    twenty = ",".join([*emails[:10], " ::: ".join(emails[10:20])])  # 10 columns, then 10 in one cell
    path = write(f"{header}\n{twenty}\n{twenty.replace('p19@', 'p20@')},\n")
    result = run(path)
    # the second row joins the first (same emails) and brings a 21st contact
    assert (result.rows, result.valid, result.invalid, result.created) == (2, 1, 1, 1)
    assert result.errors[0]["reason"] == "more than 20 contacts for one profile from this file"
    assert len(by_email("p0@example.com").emails) == 20


def test_each_value_counts_toward_the_100_contacts_of_a_profile(store_db, write):
    profiles.create_person({"emails": [f"old{n}@example.com" for n in range(98)]})
    path = write(
        "Email,E-mail 2 - Value,Phone 1 - Value\nold0@example.com,a@example.com ::: b@example.com,+385911234567\n"
    )
    result = run(path, on_match="merge")
    assert (result.valid, result.invalid, result.updated) == (0, 1, 0)
    assert "would hold more than 100 contacts" in result.errors[0]["reason"]
    assert len(by_email("old0@example.com").emails) == 98


def test_a_second_column_for_a_single_valued_field_is_refused_naming_both(store_db, write):
    path = write("Email,City,Town\nana@example.com,Zagreb,Split\n")
    mapping = [("Email", "email"), ("Town", "city"), ("City", "city")]
    with pytest.raises(FieldMappedTwice) as caught:
        run(path, mapping=mapping)
    assert caught.value.message == "City holds one value, but two columns map to it: 'City' and 'Town'."
    assert (caught.value.field, caught.value.columns, caught.value.code) == (
        "city",
        ("City", "Town"),
        "INVALID_VALUE",
    )
    assert import_history.list_imports() == [] and listing.count_persons() == 0
    # a column mapped to skip frees its field for another
    result = run(path, mapping=[*mapping, ("Town", "skip")])
    assert result.created == 1 and by_email("ana@example.com").city == "Zagreb"


def test_the_command_line_calls_a_second_column_a_usage_error(tmp_path, write, capsys):
    path = write("Email,Ime,Name\nana@example.com,Ana,Anna\n")
    url = f"sqlite:///{tmp_path / 't.db'}"
    args = ["--db", url, "import", path, "--map", "Email=email", "--map", "Ime=first_name"]
    code = main([*args, "--map", "Name=first_name", "--yes", "--json"])
    error = json.loads(capsys.readouterr().out)["error"]
    assert code == 2 and error["code"] == "USAGE"
    assert "'Ime' and 'Name'" in error["message"] and "--map" in error["message"]
    assert "first_name" in error["message"]
    code = main([*args, "--map", "Name=first_name", "--yes"])
    assert code == 2 and "'Ime' and 'Name'" in capsys.readouterr().err


def test_a_column_named_as_a_custom_attribute_maps_to_it(store_db, write):
    attributes.define_attribute("Loyalty tier", "text")
    attributes.define_attribute("shoe_size", "whole")
    attributes.define_attribute("Loyalty tier", "text", entity="company")
    path = write("Email,LOYALTY TIER,Shoe size,Notes\nana@example.com,gold,38,likes tea\n")
    result = run(path)
    assert result.mapping == [
        ("Email", "email"),
        ("LOYALTY TIER", "custom:Loyalty tier"),
        ("Shoe size", "custom:shoe_size"),
    ]
    assert by_email("ana@example.com").custom == {"Loyalty tier": "gold", "shoe_size": 38}
    assert result.skipped == [("Notes", "no field is known by this name")]


def test_skipped_columns_are_listed_with_the_reason(store_db, write, tmp_path, capsys):
    path = write("Email,Business City,Home City,Notes,\nana@example.com,Zagreb,Split,x,\n")
    result = run(path)
    assert by_email("ana@example.com").city == "Zagreb"
    assert result.skipped == [
        ("Home City", "city takes one column and comes from 'Business City'"),
        ("Notes", "no field is known by this name"),
        ("column 5", "the header cell is empty"),
    ]
    assert result.to_dict()["skipped"][0] == {
        "column": "Home City",
        "reason": "city takes one column and comes from 'Business City'",
    }
    mapped = run(path, mapping=[("Email", "email"), ("Notes", "skip")])
    assert mapped.skipped == [
        ("Business City", "not in the mapping given"),
        ("Home City", "not in the mapping given"),
        ("Notes", "mapped to skip"),
        ("column 5", "not in the mapping given"),
    ]
    code = main(["--db", f"sqlite:///{tmp_path / 'cli.db'}", "import", path, "--analyse-only"])
    out = capsys.readouterr().out
    assert code == 0
    assert "  skipped: Home City (city takes one column and comes from 'Business City'), Notes (" in out

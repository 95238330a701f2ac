"""Countries and genders as people write them: converted to the stored form, or refused
naming the field and the value, on the person and company paths (SPEC 2.1, 2.2)."""

from __future__ import annotations

import json

import pytest

from store import companies
from store.countries import country_code, fold, known_codes
from store.errors import InvalidValue
from store.genders import gender_value
from store.persons import profiles
from tui.main import main

COUNTRIES = [
    ("HR", "HR"),
    ("hr", "HR"),
    (" de ", "DE"),
    ("HRV", "HR"),
    ("deu", "DE"),
    ("GBR", "GB"),
    ("AND", "AD"),  # Andorra's alpha-3 is not the word "and"
    ("st", "ST"),  # São Tomé's alpha-2 is not "Saint"
    ("Croatia", "HR"),
    ("CROATIA", "HR"),
    ("Republic of Croatia", "HR"),
    ("Hrvatska", "HR"),
    ("Republika Hrvatska", "HR"),
    ("Kroatien", "HR"),
    ("Germany", "DE"),
    ("Njemačka", "DE"),
    ("njemacka", "DE"),
    ("Deutschland", "DE"),
    ("Österreich", "AT"),
    ("Oesterreich", "AT"),
    ("Austrija", "AT"),
    ("Mađarska", "HU"),
    ("Ungarn", "HU"),
    ("Schweiz", "CH"),
    ("Švicarska", "CH"),
    ("Bosna i Hercegovina", "BA"),
    ("Bosnia & Herzegovina", "BA"),
    ("Bosnien und Herzegowina", "BA"),
    ("Trinidad & Tobago", "TT"),
    ("Côte d'Ivoire", "CI"),
    ("cote divoire", "CI"),
    ("Ivory Coast", "CI"),
    ("Korea, Republic of", "KR"),
    ("Republic of Korea", "KR"),
    ("South Korea", "KR"),
    ("Südkorea", "KR"),
    ("St. Lucia", "LC"),
    ("Saint Lucia", "LC"),
    ("The Netherlands", "NL"),
    ("Niederlande", "NL"),
    ("Nizozemska", "NL"),
    ("Vereinigte Staaten von Amerika", "US"),
    ("Sjedinjene Američke Države", "US"),
    ("Congo", "CG"),
    ("DR Congo", "CD"),
    ("Kosovo", "XK"),
    ("Croatia (Hrvatska)", "HR"),
    ("Macedonia (FYROM)", "MK"),
    # aliases
    ("UK", "GB"),
    ("uk", "GB"),
    ("Great Britain", "GB"),
    ("England", "GB"),
    ("Großbritannien", "GB"),
    ("Velika Britanija", "GB"),
    ("USA", "US"),
    ("U.S.A.", "US"),
    ("u.s.", "US"),
    ("SAD", "US"),
    ("Holland", "NL"),
    ("Russia", "RU"),
    ("Turkey", "TR"),
    ("Macedonia", "MK"),
    ("UAE", "AE"),
    ("Bosnia", "BA"),
]

NOT_COUNTRIES = [
    "Korea (South)",
    "Austria (Deutschland)",
    "Narnia",
    "Yugoslavia",
    "Korea",
    "Virgin Islands",
    "XX",
    "H R",
    "Croatia!x",
    "12",
]


@pytest.mark.parametrize(("text", "code"), COUNTRIES)
def test_every_country_form_becomes_its_alpha_2_code(text, code):
    assert country_code(text.strip()) == code


@pytest.mark.parametrize("text", NOT_COUNTRIES)
def test_anything_else_is_refused_naming_the_field_and_the_value(text):
    with pytest.raises(InvalidValue) as caught:
        country_code(text)
    assert caught.value.field == "country" and caught.value.value == text
    assert repr(text) in caught.value.message and "--" not in caught.value.message


def test_the_stored_codes_are_the_iso_ones_and_each_reads_as_itself():
    codes = known_codes()
    assert len(codes) == 250 and {"HR", "DE", "GB", "US", "XK"} <= codes
    assert all(country_code(code) == code for code in codes)
    assert all(fold(code) != "saint" for code in codes)  # ST is São Tomé, not "Saint"


GENDERS = [
    *[(s, "male") for s in ("M", "m", "Male", "MALE", "man", "Mr", "muško", "musko", "Muški", "muškarac")],
    *[(s, "male") for s in ("männlich", "mannlich", "maennlich", "Mann", "Herr")],
    *[(s, "female") for s in ("F", "f", "female", "Female", "woman", "Mrs", "Ms", "ž", "Ž", "z")],
    *[(s, "female") for s in ("žensko", "zensko", "ženski", "Žena", "w", "W", "weiblich", "Frau")],
    *[(s, None) for s in ("", "-", "?", "unknown", "Unknown", "n/a", "N/A", "nepoznato", "unbekannt")],
    *[(s, None) for s in ("keine Angabe", "k.A.")],
]


@pytest.mark.parametrize(("text", "gender"), GENDERS)
def test_gender_spellings_in_english_croatian_and_german(text, gender):
    assert gender_value(text) == gender


@pytest.mark.parametrize("text", ["x", "divers", "other", "mf", "1", "männlich weiblich"])
def test_other_genders_are_refused_naming_the_value(text):
    with pytest.raises(InvalidValue) as caught:
        gender_value(text)
    assert caught.value.field == "gender" and repr(text) in caught.value.message


def test_a_person_is_created_and_updated_with_converted_values(store_db):
    ana = profiles.create_person({"first_name": "Ana", "country": "Kroatien", "gender": "Ž"})
    assert (ana.country, ana.gender) == ("HR", "female")
    ana = profiles.update_person(ana.id, {"country": "U.S.A.", "gender": "w"})
    assert (profiles.get_person(ana.id).country, profiles.get_person(ana.id).gender) == ("US", "female")
    ana = profiles.update_person(ana.id, {"gender": "unknown"})
    assert profiles.get_person(ana.id).gender is None


@pytest.mark.parametrize(("field", "value"), [("country", "Narnia"), ("gender", "divers")])
def test_a_person_with_an_unknown_value_is_refused_and_nothing_saved(store_db, field, value):
    with pytest.raises(InvalidValue) as caught:
        profiles.create_person({"first_name": "Ivo", field: value})
    assert (caught.value.field, caught.value.value) == (field, value)
    ivo = profiles.create_person({"first_name": "Ivo", "country": "HR"})
    with pytest.raises(InvalidValue):
        profiles.update_person(ivo.id, {field: value})
    assert profiles.get_person(ivo.id).country == "HR"


def test_a_company_country_is_converted_or_refused(store_db):
    acme = companies.create_company({"name": "ACME", "country": "Njemačka"})
    assert acme.country == "DE"
    assert companies.update_company(acme.id, {"country": "gbr"}).country == "GB"
    with pytest.raises(InvalidValue) as caught:
        companies.create_company({"name": "Atlantis", "country": "Atlantis"})
    assert (caught.value.field, caught.value.value) == ("country", "Atlantis")
    with pytest.raises(InvalidValue):
        companies.update_company(acme.id, {"country": "Atlantis"})
    assert companies.company_view("ACME").country == "GB"
    assert companies.update_company(acme.id, {"country": ""}).country is None


def test_the_command_line_converts_and_refuses_with_the_stores_words(tmp_path, capsys):
    db = ["--db", f"sqlite:///{tmp_path / 'cli.db'}"]
    code = main(
        [*db, "persons", "add", "--first-name", "Ana", "--country", "Kroatien", "--gender", "Ž", "--json"]
    )
    ana = json.loads(capsys.readouterr().out)
    assert (code, ana["country"], ana["gender"]) == (0, "HR", "female")
    code = main([*db, "companies", "add", "ACME", "--country", "U.S.A.", "--json"])
    assert (code, json.loads(capsys.readouterr().out)["country"]) == (0, "US")
    code = main([*db, "persons", "update", str(ana["id"]), "--country", "Narnia", "--json"])
    error = json.loads(capsys.readouterr().out)["error"]
    assert (code, error["code"], error["field"]) == (1, "INVALID_VALUE", "country")
    assert error["message"].startswith("Country 'Narnia' is not a country")

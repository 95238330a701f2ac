"""Proposing a column mapping from a file's header.

A header cell matches a field when the WHOLE cell, with case, spaces and punctuation
removed (``"E-Mail Address"`` → ``emailaddress``), equals one of the field's known names
in English, Croatian or German. Nothing matches a part of a header, so "Description of
the id" is not an identifier column. Each field takes the first column that matches it.
"""

from __future__ import annotations

import unicodedata

# fmt: off
PERSON_NAMES: dict[str, tuple[str, ...]] = {
    "external_id": (
        "id", "external id", "ext id", "external identifier", "customer id", "customer no",
        "customer number", "client id", "client number", "user id", "contact id",
        "member id", "account id", "person id", "crm id", "uuid",
        "kundennummer", "kunden nr", "kunden id", "kundenid", "benutzer id", "mitglieds nr",
        "id kupca", "broj kupca", "šifra kupca", "sifra kupca", "id korisnika",
        "šifra", "sifra", "oznaka kupca",
    ),
    "first_name": (
        "first name", "firstname", "given name", "forename", "fname", "first",
        "ime", "vorname", "rufname",
    ),
    "last_name": (
        "last name", "lastname", "surname", "family name", "lname", "last",
        "prezime", "nachname", "familienname", "zuname",
    ),
    "middle_name": (
        "middle name", "middlename", "middle names", "second name",
        "srednje ime", "zweiter vorname", "mittelname",
    ),
    "nickname": (
        "nickname", "nick", "nick name", "alias", "screen name",
        "nadimak", "spitzname",
    ),
    "gender": ("gender", "sex", "spol", "geschlecht"),
    "birth_date": (
        "birth date", "birthdate", "date of birth", "dob", "birthday", "born",
        "datum rođenja", "datum rodjenja", "rođendan", "geburtsdatum", "geburtstag",
    ),
    "address": (
        "address", "street", "street address", "address 1", "address line 1", "home address",
        "postal address", "mailing address", "adresa", "ulica", "adresa stanovanja",
        "adresse", "straße", "strasse", "anschrift", "straße und hausnummer",
    ),
    "city": (
        "city", "town", "home city", "locality", "grad", "mjesto", "mjesto stanovanja",
        "stadt", "ort", "wohnort",
    ),
    "country": (
        "country", "country code", "country region", "home country",
        "država", "drzava", "zemlja", "land", "staat",
    ),
    "preferred_language": (
        "language", "preferred language", "lang", "locale",
        "jezik", "željeni jezik", "sprache", "bevorzugte sprache",
    ),
    "company": (
        "company", "company name", "organization", "organisation", "organization name",
        "employer", "tvrtka", "naziv tvrtke", "poduzeće", "kompanija", "firma",
        "unternehmen", "firmenname", "arbeitgeber",
    ),
    "phone": (
        "phone", "phones", "phone 1", "phone 1 number", "phone number", "phone no", "primary phone",
        "mobile", "mobile phone", "mobile number", "mobile no", "cell", "cell phone",
        "cellphone", "telephone", "telephone number", "tel", "tel no", "work phone",
        "home phone", "business phone", "gsm", "mob", "telefon", "mobitel", "broj telefona",
        "broj mobitela", "kontakt telefon", "handy", "handynummer", "telefonnummer",
        "mobilnummer", "mobiltelefon", "mobilfunknummer",
    ),
    "email": (
        "email", "e-mail", "mail", "emailaddress", "e-mail address", "email address",
        "primary email", "email 1", "mail address", "work email", "personal email",
        "e-pošta", "epošta", "e-posta", "adresa e-pošte", "email adresa", "e-mail adresa",
        "e-mail-adresse", "emailadresse", "mailadresse",
    ),
    "tags": ("tags", "tag", "labels", "label", "oznake", "schlagwörter", "schlagworte"),
}
"""Known header names of each person field; compared after :func:`normalise_header`."""

COMPANY_NAMES: dict[str, tuple[str, ...]] = {
    "name": (
        "name", "company", "company name", "organization", "organisation",
        "organization name", "account name", "business name", "naziv", "naziv tvrtke",
        "tvrtka", "poduzeće", "firma", "ime tvrtke", "unternehmen", "firmenname",
    ),
    "domain": (
        "domain", "website", "web site", "web", "url", "homepage", "domain name",
        "domena", "web stranica", "mrežna stranica", "webseite", "internetseite",
    ),
    "industry": (
        "industry", "sector", "vertical", "industrija", "djelatnost", "sektor",
        "branche", "wirtschaftszweig",
    ),
    "size": (
        "size", "company size", "employees", "number of employees", "headcount",
        "veličina", "broj zaposlenih", "größe", "unternehmensgröße", "mitarbeiter",
        "anzahl mitarbeiter",
    ),
    "address": PERSON_NAMES["address"],
    "city": PERSON_NAMES["city"],
    "country": PERSON_NAMES["country"],
    "external_id": (
        "id", "external id", "ext id", "company id", "account id", "organization id",
        "organisation id", "customer id", "crm id", "šifra", "sifra", "šifra tvrtke",
        "firmennummer", "kundennummer",
    ),
    "tags": PERSON_NAMES["tags"],
}
# fmt: on
"""Known header names of each company field; compared after :func:`normalise_header`."""


def normalise_header(text: str) -> str:
    """``text`` without case, spaces or punctuation: ``"E-Mail Address"`` → ``emailaddress``."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(char for char in folded if char.isalnum())


def _index(names: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {normalise_header(name): field for field, known in names.items() for name in known}


_PERSON_INDEX = _index(PERSON_NAMES)
_COMPANY_INDEX = _index(COMPANY_NAMES)


def propose_mapping(header: list[str]) -> dict[int, str]:
    """Column position → person field, for the header cells that name a known field.

    One column per field: the first matching column wins; unmatched columns are absent.
    """
    return _propose(header, _PERSON_INDEX)


def propose_company_mapping(header: list[str]) -> dict[int, str]:
    """Column position → company field (``name``, ``domain``, ``industry``, ``size``,
    ``address``, ``city``, ``country``, ``external_id``, ``tags``); first match wins."""
    return _propose(header, _COMPANY_INDEX)


def _propose(header: list[str], index: dict[str, str]) -> dict[int, str]:
    mapping: dict[int, str] = {}
    taken: set[str] = set()
    for position, text in enumerate(header):
        field = index.get(normalise_header(text))
        if field is not None and field not in taken:
            mapping[position] = field
            taken.add(field)
    return mapping

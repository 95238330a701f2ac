"""The header names a column mapping is proposed from: plain names and each export's columns.

Data only: for each field, the header cells that mean it, compared by
``mapping.normalise_header`` (case, spaces and punctuation removed), so ``"E-mail 1 -
Value"`` is written here once however the file spells its spaces. ``GENERIC_NAMES`` are
the words people put in their own files (English, Croatian, German); ``EXPORT_FORMATS``
holds, per contact export, the columns that export writes for a field we keep. Outlook
writes its column names in the language it runs in: the localized names are the ones it
writes (and Exchange's contact import reads) in each language.

Left out on purpose, so they stay unmapped:

- what we do not keep (a fax, a job title, a postal code);
- shared numbers (a company's main phone, an assistant's phone): a phone belongs to one
  profile, so mapping them would join every colleague into one record;
- the "other" address columns: Salesforce writes ``OtherCity`` before ``MailingCity``,
  and the first column that fits a field takes it;
- names that mean two fields in two places: ``Apelido`` is the surname in Portugal's
  Outlook and a nickname in Brazil, ``Aniversário`` the wedding anniversary in one and
  the birthday in the other.
"""

from __future__ import annotations

NUMBERED = range(1, 21)
"""The numbers of an export's repeated columns (``E-mail 1 - Value`` ... ``E-mail 20 - Value``):
a file brings at most 20 contacts for one profile."""
ADDRESS_NUMBERS = range(1, 6)


def _numbered(template: str, numbers: range = NUMBERED) -> tuple[str, ...]:
    return tuple(template.format(n=n) for n in numbers)


# fmt: off
GENERIC_NAMES: dict[str, tuple[str, ...]] = {
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
"""Person fields by the plain names people give their own columns."""

EXPORT_FORMATS: dict[str, dict[str, tuple[str, ...]]] = {
    "Google Contacts": {
        "first_name": ("first name",),
        "middle_name": ("middle name",),
        "last_name": ("last name",),
        "nickname": ("nickname",),
        "company": ("organization name",),
        "birth_date": ("birthday",),
        "tags": ("labels",),
        "email": _numbered("e-mail {n} - value"),
        "phone": _numbered("phone {n} - value"),
        "address": _numbered("address {n} - street", ADDRESS_NUMBERS),
        "city": _numbered("address {n} - city", ADDRESS_NUMBERS),
        "country": _numbered("address {n} - country", ADDRESS_NUMBERS),
    },
    "Google Contacts (older Gmail layout)": {
        "first_name": ("given name",),
        "middle_name": ("additional name",),
        "last_name": ("family name",),
        "nickname": ("nickname",),
        "gender": ("gender",),
        "birth_date": ("birthday",),
        "preferred_language": ("language",),
        "tags": ("group membership",),
        "email": _numbered("e-mail {n} - value"),
        "phone": _numbered("phone {n} - value"),
        "address": _numbered("address {n} - street", ADDRESS_NUMBERS),
        "city": _numbered("address {n} - city", ADDRESS_NUMBERS),
        "country": _numbered("address {n} - country", ADDRESS_NUMBERS),
        "company": _numbered("organization {n} - name", ADDRESS_NUMBERS),
    },
    "Outlook and Outlook.com (English)": {
        "first_name": ("first name",),
        "middle_name": ("middle name",),
        "last_name": ("last name",),
        "nickname": ("nickname",),
        "company": ("company",),
        "address": ("business street", "home street"),
        "city": ("business city", "home city"),
        "country": ("business country/region", "home country/region"),
        "phone": (
            "primary phone", "business phone", "business phone 2", "home phone", "home phone 2",
            "mobile phone", "other phone", "car phone",
        ),
        "email": ("e-mail address", "e-mail 2 address", "e-mail 3 address"),
        "birth_date": ("birthday",),
        "gender": ("gender",),
        "preferred_language": ("language",),
        "tags": ("categories",),
    },
    "Outlook (German)": {
        "first_name": ("vorname",),
        "middle_name": ("weitere vornamen",),
        "last_name": ("nachname",),
        "company": ("firma",),
        "address": ("straße geschäftlich", "straße privat"),
        "city": ("ort geschäftlich", "ort privat"),
        "country": ("land/region geschäftlich", "land/region privat"),
        "phone": (
            "haupttelefon", "telefon geschäftlich", "telefon geschäftlich 2", "telefon privat",
            "telefon privat 2", "mobiltelefon", "mobiltelefon 2", "weiteres telefon", "autotelefon",
        ),
        "email": ("e-mail-adresse", "e-mail 2: adresse", "e-mail 3: adresse"),
        "birth_date": ("geburtstag",),
        "gender": ("geschlecht",),
        "tags": ("kategorien",),
    },
    "Outlook (Croatian)": {
        "first_name": ("ime",),
        "middle_name": ("srednje ime",),
        "last_name": ("prezime",),
        "company": ("tvrtka",),
        "address": ("službena adresa - ulica", "kućna adresa - ulica"),
        "city": ("službena adresa - grad", "kućna adresa - grad"),
        "country": ("država/regija poslovanja", "matična država/regija"),
        "phone": (
            "primarni telefon", "službeni telefon", "službeni telefon 2", "kućni telefon",
            "kućni telefon 2", "mobitel", "drugi telefon", "automobilski telefon",
        ),
        "email": ("adresa e-pošte", "adresa e-pošte 2", "adresa e-pošte 3"),
        "birth_date": ("rođendan",),
        "gender": ("spol",),
        "tags": ("kategorije",),
    },
    "Outlook (French)": {
        "first_name": ("prénom",),
        "middle_name": ("deuxième prénom",),
        "last_name": ("nom",),
        "company": ("société",),
        "address": ("rue (bureau)", "rue (domicile)"),
        "city": ("ville (bureau)", "ville (domicile)"),
        "country": ("pays/région (bureau)", "pays/région (domicile)"),
        "phone": (
            "téléphone principal", "téléphone (bureau)", "téléphone 2 (bureau)",
            "téléphone (domicile)", "téléphone 2 (domicile)", "tél. mobile", "téléphone (autre)",
            "téléphone (voiture)",
        ),
        "email": ("adresse de messagerie", "adresse de messagerie 2", "adresse de messagerie 3"),
        "birth_date": ("anniversaire",),
        "gender": ("sexe",),
        "tags": ("catégories",),
    },
    "Outlook (Spanish)": {
        # Outlook in Spanish keeps some columns in English (Mobile Phone, Home City...).
        "first_name": ("nombre",),
        "middle_name": ("segundo nombre",),
        "last_name": ("apellidos",),
        "company": ("organización",),
        "address": ("calle del trabajo", "home street"),
        "city": ("ciudad de trabajo", "home city"),
        "country": ("país o región del trabajo", "país o región del domicilio"),
        "phone": (
            "teléfono principal", "teléfono del trabajo", "business phone 2", "particular",
            "home phone 2", "mobile phone", "otro teléfono", "car phone",
        ),
        "email": (
            "e-mail address", "dirección de correo electrónico 2", "dirección del correo electrónico 3",
        ),
        "birth_date": ("birthday",),
        "gender": ("género",),
        "tags": ("categorías",),
    },
    "Outlook (Italian)": {
        "first_name": ("nome",),
        "middle_name": ("secondo nome",),
        "last_name": ("cognome",),
        "company": ("società",),
        "address": ("via (uff.)", "via (ab.)"),
        "city": ("città (uff.)", "città (ab.)"),
        "country": ("paese (uff.)", "paese (ab.)"),
        "phone": (
            "telefono principale", "ufficio", "ufficio 2", "abitazione", "abitazione 2",
            "cellulare", "altro telefono", "telefono auto",
        ),
        "email": (
            "indirizzo posta elettronica", "indirizzo posta elettronica 2",
            "indirizzo posta elettronica 3",
        ),
        "birth_date": ("compleanno",),
        "gender": ("sesso",),
        "tags": ("categorie",),
    },
    "Outlook (Dutch)": {
        "first_name": ("voornaam",),
        "middle_name": ("middelste naam",),
        "last_name": ("achternaam",),
        "company": ("bedrijf",),
        "address": ("werkadres, straat", "huisadres, straat"),
        "city": ("werkadres, plaats", "huisadres, plaats"),
        "country": ("land/regio (werk)", "land/regio (thuis)"),
        "phone": (
            "hoofdtelefoon", "telefoon op werk", "telefoon op werk 2", "telefoon thuis",
            "telefoon thuis 2", "mobiele telefoon", "andere telefoon", "autotelefoon",
        ),
        "email": ("e-mailadres", "e-mailadres 2", "e-mailadres 3"),
        "birth_date": ("verjaardag",),
        "gender": ("geslacht",),
        "tags": ("categorieën",),
    },
    "Outlook (Portuguese, Brazil and Portugal)": {
        # Brazil's keeps some columns in English; Portugal's "Apelido" (surname) is left out,
        # and so is its "Aniversário": there the wedding anniversary, in Brazil a birthday.
        "first_name": ("primeiro nome",),
        "middle_name": ("segundo nome", "outros nomes/apelidos"),
        "last_name": ("sobrenome",),
        "company": ("empresa",),
        "address": ("business street", "rua da empresa", "endereço residencial", "rua da residência"),
        "city": (
            "business city", "localidade da empresa", "cidade do endereço residencial",
            "localidade da residência",
        ),
        "country": ("país/região da empresa", "país/região de residência", "país da residência/região"),
        "phone": (
            "telefone principal", "telefone comercial", "telefone comercial 2", "telefone da empresa",
            "2º telefone da empresa", "telefone residencial", "telefone residencial 2",
            "telefone da residência", "2º telefone da residência", "telefone celular", "telemóvel",
            "outro telefone", "telefone do carro",
        ),
        "email": (
            "e-mail address", "endereço de email 2", "endereço de email 3",
            "endereço de correio electrónico", "endereço do correio electrónico 2",
            "endereço do correio electrónico 3",
        ),
        "birth_date": ("birthday", "data de nascimento"),
        "gender": ("sexo",),
        "tags": ("categorias",),
    },
    "Apple Contacts / iCloud (vCard to CSV)": {
        "first_name": ("first name", "given name"),
        "middle_name": ("middle name",),
        "last_name": ("last name", "family name"),
        "nickname": ("nickname",),
        "company": ("organization", "org", "company"),
        "birth_date": ("birthday", "bday"),
        "tags": ("categories", "groups"),
        "email": (
            "email", "email (home)", "email (work)", "email (other)", "email (internet)",
            "home email", "work email", "other email", "icloud email",
        ),
        "phone": (
            "tel", "phone (mobile)", "phone (cell)", "phone (iphone)", "phone (home)",
            "phone (work)", "phone (main)", "phone (other)", "iphone", "mobile", "home phone",
            "work phone", "main phone", "other phone",
        ),
        "address": ("home street", "work street", "address (home) - street", "address (work) - street"),
        "city": ("home city", "work city", "address (home) - city", "address (work) - city"),
        "country": (
            "home country", "work country", "address (home) - country", "address (work) - country",
        ),
    },
    "Thunderbird": {
        "first_name": ("first name",),
        "last_name": ("last name",),
        "nickname": ("nickname", "screen name"),
        "company": ("organization",),
        "email": ("primary email", "secondary email"),
        "phone": ("work phone", "home phone", "mobile number"),
        "address": ("home address", "home address 2", "work address", "work address 2"),
        "city": ("home city", "work city"),
        "country": ("home country", "work country"),
    },
    "LinkedIn connections": {
        "first_name": ("first name",),
        "last_name": ("last name",),
        "email": ("email address",),
        "company": ("company",),
    },
    "Salesforce (API names)": {
        "external_id": ("id",),
        "first_name": ("firstname",),
        "last_name": ("lastname",),
        "middle_name": ("middlename",),
        "company": ("company",),
        "email": ("email",),
        "phone": ("phone", "mobilephone", "homephone", "otherphone"),
        "address": ("mailingstreet", "street"),
        "city": ("mailingcity", "city"),
        "country": ("mailingcountry", "country"),
        "birth_date": ("birthdate",),
    },
    "Salesforce (labels)": {
        "external_id": ("contact id", "lead id"),
        "first_name": ("first name",),
        "last_name": ("last name",),
        "middle_name": ("middle name",),
        "company": ("account name", "company"),
        "email": ("email",),
        "phone": ("phone", "mobile", "home phone", "other phone"),
        "address": ("mailing street", "street"),
        "city": ("mailing city", "city"),
        "country": ("mailing country", "country"),
        "birth_date": ("birthdate",),
    },
    "HubSpot": {
        "external_id": ("record id", "hs_object_id", "contact id"),
        "first_name": ("first name", "firstname"),
        "last_name": ("last name", "lastname"),
        "email": ("email",),
        "phone": ("phone number", "mobile phone number", "phone", "mobilephone"),
        "company": ("company name", "associated company", "company"),
        "address": ("street address", "address"),
        "city": ("city",),
        "country": ("country/region", "country"),
        "birth_date": ("date of birth", "date_of_birth"),
        "preferred_language": ("preferred language", "hs_language"),
    },
    "Mailchimp": {
        "email": ("email address",),
        "first_name": ("first name",),
        "last_name": ("last name",),
        "address": ("address",),
        "phone": ("phone number",),
        "birth_date": ("birthday",),
        "tags": ("tags",),
        "country": ("cc",),
    },
    "Zoho CRM": {
        "external_id": ("record id", "contact id"),
        "first_name": ("first name",),
        "last_name": ("last name",),
        "company": ("account name",),
        "email": ("email", "secondary email"),
        "phone": ("phone", "mobile", "home phone", "other phone"),
        "birth_date": ("date of birth",),
        "address": ("mailing street",),
        "city": ("mailing city",),
        "country": ("mailing country",),
        "tags": ("tag",),
    },
    "Odoo": {
        "external_id": ("external id",),
        "email": ("email",),
        "phone": ("phone", "mobile"),
        "company": ("related company", "company name"),
        "address": ("street", "street2"),
        "city": ("city",),
        "country": ("country",),
        "preferred_language": ("language",),
        "tags": ("tags",),
    },
    "Mautic": {
        "external_id": ("id",),
        "first_name": ("firstname",),
        "last_name": ("lastname",),
        "company": ("company",),
        "email": ("email",),
        "phone": ("mobile", "phone"),
        "address": ("address1", "address2"),
        "city": ("city",),
        "country": ("country",),
        "preferred_language": ("preferred_locale",),
        "tags": ("tags",),
    },
}
"""Per contact export, the columns it writes for each person field we keep."""

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
    "address": GENERIC_NAMES["address"],
    "city": GENERIC_NAMES["city"],
    "country": GENERIC_NAMES["country"],
    "external_id": (
        "id", "external id", "ext id", "company id", "account id", "organization id",
        "organisation id", "customer id", "crm id", "šifra", "sifra", "šifra tvrtke",
        "firmennummer", "kundennummer",
    ),
    "tags": GENERIC_NAMES["tags"],
}
"""Known header names of each company field."""
# fmt: on


def _person_names() -> dict[str, tuple[str, ...]]:
    names = {field: list(known) for field, known in GENERIC_NAMES.items()}
    for columns in EXPORT_FORMATS.values():
        for field, known in columns.items():
            names[field].extend(n for n in known if n not in names[field])
    return {field: tuple(known) for field, known in names.items()}


PERSON_NAMES = _person_names()
"""Known header names of each person field (``GENERIC_NAMES`` and ``EXPORT_FORMATS`` together)."""

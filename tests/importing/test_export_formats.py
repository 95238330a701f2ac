"""The contact exports people bring import with no mapping given and land in the right fields.

Each file is made here from the header row the export writes (its documented columns,
in its order) and a few rows; only the cells a test needs are filled. Countries are
given as codes and genders left empty: their spellings are the value rules' business.
"""

from __future__ import annotations

import csv
import io

import pytest

from store.importing.engine import ImportResult, import_file
from store.importing.options import ImportOptions
from store.importing.progress import drive
from store.persons import profiles
from store.persons.views import PersonView


@pytest.fixture
def export(store_db, tmp_path):
    """Write an export (its header line as the export writes it, then rows by column) and import it."""

    def run(header: str, rows: list[dict[str, str]], *, delimiter: str = ",", **options) -> ImportResult:
        columns = next(csv.reader([header], delimiter=delimiter))
        for row in rows:
            assert set(row) <= set(columns), set(row) - set(columns)
        text = io.StringIO()
        text.write(options.pop("preamble", "") + header + "\r\n")
        writer = csv.writer(text, delimiter=delimiter)
        writer.writerows([row.get(column, "") for column in columns] for row in rows)
        path = tmp_path / "contacts.csv"
        path.write_text(text.getvalue(), encoding="utf-8")
        result = drive(import_file(path, ImportOptions(**options)))
        assert (result.status, result.invalid, result.errors) == ("completed", 0, [])
        return result

    return run


def person(email: str) -> PersonView:
    return profiles.get_person(profiles.find_person_id(email=email))


def company_name(view: PersonView) -> str | None:
    return view.company[1] if view.company else None


GOOGLE = (
    "First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,Phonetic Last Name,"
    "Name Prefix,Name Suffix,Nickname,File As,Organization Name,Organization Title,"
    "Organization Department,Birthday,Notes,Photo,Labels,E-mail 1 - Label,E-mail 1 - Value,"
    "E-mail 2 - Label,E-mail 2 - Value,Phone 1 - Label,Phone 1 - Value,Phone 2 - Label,"
    "Phone 2 - Value,Address 1 - Label,Address 1 - Formatted,Address 1 - Street,Address 1 - City,"
    "Address 1 - PO Box,Address 1 - Region,Address 1 - Postal Code,Address 1 - Country,"
    "Address 1 - Extended Address,Address 2 - Label,Address 2 - Formatted,Address 2 - Street,"
    "Address 2 - City,Address 2 - PO Box,Address 2 - Region,Address 2 - Postal Code,"
    "Address 2 - Country,Address 2 - Extended Address,Website 1 - Label,Website 1 - Value"
)


def test_google_contacts(export):
    result = export(
        GOOGLE,
        [
            {
                "First Name": "Ana",
                "Middle Name": "Marija",
                "Last Name": "Horvat",
                "Nickname": "Ani",
                "Organization Name": "Acme d.o.o.",
                "Organization Title": "Manager",
                "Birthday": "1990-04-12",
                "Labels": "* myContacts ::: Friends",
                "E-mail 1 - Label": "* Home",
                "E-mail 1 - Value": "ana@example.com ::: Ana.Horvat@example.org",
                "E-mail 2 - Label": "Work",
                "E-mail 2 - Value": "ana@acme.example",
                "Phone 1 - Label": "Mobile",
                "Phone 1 - Value": "+385 91 123 4567",
                "Phone 2 - Label": "Work",
                "Phone 2 - Value": "+385 1 234 5678 ::: +385 98 765 4321",
                "Address 1 - Label": "Home",
                "Address 1 - Formatted": "Ilica 1\nZagreb 10000\nHR",
                "Address 1 - Street": "Ilica 1",
                "Address 1 - City": "Zagreb",
                "Address 1 - Postal Code": "10000",
                "Address 1 - Country": "HR",
                "Address 2 - Label": "Work",
                "Address 2 - City": "Split",
            },
            {"First Name": "Ivo", "E-mail 1 - Value": "ivo@example.com", "Labels": "* myContacts"},
        ],
    )
    ana = person("ana@example.com")
    assert (ana.first_name, ana.middle_name, ana.last_name, ana.nickname) == (
        "Ana",
        "Marija",
        "Horvat",
        "Ani",
    )
    assert sorted(ana.emails) == ["ana.horvat@example.org", "ana@acme.example", "ana@example.com"]
    assert sorted(ana.phones) == ["+38512345678", "+385911234567", "+385987654321"]
    assert (ana.address, ana.city, ana.country) == ("Ilica 1", "Zagreb", "HR")
    assert company_name(ana) == "Acme d.o.o." and str(ana.birth_date) == "1990-04-12"
    assert sorted(ana.tags) == ["* myContacts", "Friends"]
    assert person("ivo@example.com").first_name == "Ivo" and result.created == 2
    assert ("Address 2 - City", "city takes one column and comes from 'Address 1 - City'") in result.skipped


GMAIL = (
    "Name,Given Name,Additional Name,Family Name,Yomi Name,Given Name Yomi,Additional Name Yomi,"
    "Family Name Yomi,Name Prefix,Name Suffix,Initials,Nickname,Short Name,Maiden Name,Birthday,"
    "Gender,Location,Billing Information,Directory Server,Mileage,Occupation,Hobby,Sensitivity,"
    "Priority,Subject,Notes,Language,Photo,Group Membership,E-mail 1 - Type,E-mail 1 - Value,"
    "E-mail 2 - Type,E-mail 2 - Value,Phone 1 - Type,Phone 1 - Value,Phone 2 - Type,Phone 2 - Value,"
    "Address 1 - Type,Address 1 - Formatted,Address 1 - Street,Address 1 - City,Address 1 - PO Box,"
    "Address 1 - Region,Address 1 - Postal Code,Address 1 - Country,Address 1 - Extended Address,"
    "Organization 1 - Type,Organization 1 - Name,Organization 1 - Yomi Name,Organization 1 - Title,"
    "Organization 1 - Department,Organization 1 - Symbol,Organization 1 - Location,"
    "Organization 1 - Job Description,Website 1 - Type,Website 1 - Value"
)


def test_google_contacts_older_gmail_layout(export):
    export(
        GMAIL,
        [
            {
                "Name": "Marko Kovač",
                "Given Name": "Marko",
                "Additional Name": "Ivan",
                "Family Name": "Kovač",
                "Language": "hr",
                "Group Membership": "* My Contacts ::: Customers",
                "E-mail 1 - Type": "* Other",
                "E-mail 1 - Value": "marko@example.com",
                "E-mail 2 - Type": "Work",
                "E-mail 2 - Value": "marko@kovac.example",
                "Phone 1 - Type": "Mobile",
                "Phone 1 - Value": "+385 95 111 2222",
                "Phone 2 - Type": "Home",
                "Phone 2 - Value": "+385 1 234 5678",
                "Address 1 - Type": "Home",
                "Address 1 - Street": "Riva 2",
                "Address 1 - City": "Split",
                "Address 1 - Country": "HR",
                "Organization 1 - Name": "Kovač i sinovi",
                "Organization 1 - Title": "Owner",
            }
        ],
    )
    marko = person("marko@kovac.example")
    assert (marko.first_name, marko.middle_name, marko.last_name) == ("Marko", "Ivan", "Kovač")
    assert sorted(marko.emails) == ["marko@example.com", "marko@kovac.example"]
    assert sorted(marko.phones) == ["+38512345678", "+385951112222"]
    assert (marko.address, marko.city, marko.country, marko.preferred_language) == (
        "Riva 2",
        "Split",
        "HR",
        "hr",
    )
    assert company_name(marko) == "Kovač i sinovi" and sorted(marko.tags) == ["* My Contacts", "Customers"]


OUTLOOK = (
    '"Title","First Name","Middle Name","Last Name","Suffix","Company","Department","Job Title",'
    '"Business Street","Business Street 2","Business Street 3","Business City","Business State",'
    '"Business Postal Code","Business Country/Region","Home Street","Home Street 2","Home Street 3",'
    '"Home City","Home State","Home Postal Code","Home Country/Region","Other Street","Other Street 2",'
    '"Other Street 3","Other City","Other State","Other Postal Code","Other Country/Region",'
    '"Assistant\'s Phone","Business Fax","Business Phone","Business Phone 2","Callback","Car Phone",'
    '"Company Main Phone","Home Fax","Home Phone","Home Phone 2","ISDN","Mobile Phone","Other Fax",'
    '"Other Phone","Pager","Primary Phone","Radio Phone","TTY/TDD Phone","Telex","Account",'
    '"Anniversary","Assistant\'s Name","Billing Information","Birthday","Business Address PO Box",'
    '"Categories","Children","Directory Server","E-mail Address","E-mail Type","E-mail Display Name",'
    '"E-mail 2 Address","E-mail 2 Type","E-mail 2 Display Name","E-mail 3 Address","E-mail 3 Type",'
    '"E-mail 3 Display Name","Gender","Government ID Number","Hobby","Home Address PO Box","Initials",'
    '"Internet Free Busy","Keywords","Language","Location","Manager\'s Name","Mileage","Notes",'
    '"Office Location","Organizational ID Number","Other Address PO Box","Priority","Private",'
    '"Profession","Referred By","Sensitivity","Spouse","User 1","User 2","User 3","User 4","Web Page"'
)


def test_outlook_and_outlook_com_in_english(export):
    result = export(
        OUTLOOK,
        [
            {
                "First Name": "John",
                "Last Name": "Smith",
                "Company": "Contoso Ltd",
                "Job Title": "Buyer",
                "Business Street": "1 Microsoft Way",
                "Business City": "Redmond",
                "Business Country/Region": "US",
                "Home City": "Seattle",
                "Company Main Phone": "+1 212 555 0123",
                "Business Phone": "+1 415 555 2671",
                "Mobile Phone": "+1 650 253 0000",
                "E-mail Address": "john@contoso.example",
                "E-mail Type": "SMTP",
                "E-mail Display Name": "John Smith (john@contoso.example)",
                "E-mail 2 Address": "john.smith@example.com",
                "Categories": "VIP",
                "Priority": "Normal",
                "Sensitivity": "Normal",
                "Private": "False",
            },
            {
                "First Name": "Mary",
                "E-mail Address": "mary@example.com",
                "Company Main Phone": "+1 212 555 0123",
            },
        ],
    )
    john = person("john@contoso.example")
    assert (john.first_name, john.last_name, company_name(john)) == ("John", "Smith", "Contoso Ltd")
    assert (john.address, john.city, john.country) == ("1 Microsoft Way", "Redmond", "US")
    assert sorted(john.emails) == ["john.smith@example.com", "john@contoso.example"]
    assert sorted(john.phones) == ["+14155552671", "+16502530000"]
    assert john.tags == ["VIP"]
    # the company's main number is not a person's: the two stay two profiles
    assert result.created == 2 and person("mary@example.com").phones == []
    assert ("Home City", "city takes one column and comes from 'Business City'") in result.skipped


OUTLOOK_COM = (
    "First Name,Middle Name,Last Name,Title,Suffix,Nickname,Given Yomi,Surname Yomi,E-mail Address,"
    "E-mail 2 Address,E-mail 3 Address,Home Phone,Home Phone 2,Business Phone,Business Phone 2,"
    "Mobile Phone,Car Phone,Other Phone,Primary Phone,Pager,Business Fax,Home Fax,Other Fax,"
    "Company Main Phone,Callback,Radio Phone,Telex,TTY/TDD Phone,IMAddress,Job Title,Department,"
    "Company,Office Location,Manager's Name,Assistant's Name,Assistant's Phone,Company Yomi,"
    "Business Street,Business City,Business State,Business Postal Code,Business Country/Region,"
    "Home Street,Home City,Home State,Home Postal Code,Home Country/Region,Other Street,Other City,"
    "Other State,Other Postal Code,Other Country/Region,Personal Web Page,Spouse,Schools,Hobby,"
    "Location,Web Page,Birthday,Anniversary,Notes"
)


def test_outlook_com(export):
    result = export(
        OUTLOOK_COM,
        [
            {
                "First Name": "Lena",
                "Last Name": "Berg",
                "Nickname": "Lenchen",
                "E-mail Address": "lena@berg.example",
                "E-mail 3 Address": "lena@example.com",
                "Home Phone": "+44 20 7946 0958",
                "Mobile Phone": "+49 151 12345678",
                "Assistant's Phone": "+49 30 1234567",
                "Company": "Berg Ltd",
                "Business Street": "1 Canada Square",
                "Business City": "London",
                "Business Country/Region": "GB",
                "Home Street": "Unter den Linden 1",
                "Home City": "Berlin",
                "Home Country/Region": "DE",
                "Other City": "Hamburg",
                "Birthday": "1992-05-17",
            }
        ],
    )
    lena = person("lena@berg.example")
    assert (lena.first_name, lena.last_name, lena.nickname, company_name(lena)) == (
        "Lena",
        "Berg",
        "Lenchen",
        "Berg Ltd",
    )
    assert sorted(lena.emails) == ["lena@berg.example", "lena@example.com"]
    assert sorted(lena.phones) == ["+442079460958", "+4915112345678"]
    # the business address comes first in this layout: it is the one kept, the home one is skipped
    assert (lena.address, lena.city, lena.country) == ("1 Canada Square", "London", "GB")
    assert str(lena.birth_date) == "1992-05-17"
    assert ("Home City", "city takes one column and comes from 'Business City'") in result.skipped
    assert ("Other City", "no field is known by this name") in result.skipped


OUTLOOK_DE = (
    '"Anrede";"Vorname";"Weitere Vornamen";"Nachname";"Suffix";"Firma";"Abteilung";"Position";'
    '"Straße geschäftlich";"Straße geschäftlich 2";"Straße geschäftlich 3";"Ort geschäftlich";'
    '"Region geschäftlich";"Postleitzahl geschäftlich";"Land/Region geschäftlich";"Straße privat";'
    '"Straße privat 2";"Straße privat 3";"Ort privat";"Bundesland/Kanton privat";"Postleitzahl privat";'
    '"Land/Region privat";"Weitere Straße";"Weitere Straße 2";"Weitere Straße 3";"Weiterer Ort";'
    '"Weiteres/r Bundesland/Kanton";"Weitere Postleitzahl";"Weiteres/r Land/Region";"Telefon Assistent";'
    '"Fax geschäftlich";"Telefon geschäftlich";"Telefon geschäftlich 2";"Rückmeldung";"Autotelefon";'
    '"Telefon Firma";"Fax privat";"Telefon privat";"Telefon privat 2";"ISDN";"Mobiltelefon";'
    '"Weiteres Fax";"Weiteres Telefon";"Pager";"Haupttelefon";"Mobiltelefon 2";'
    '"Telefon für Hörbehinderte";"Telex";"Abrechnungsinformation";"Benutzer 1";"Benutzer 2";'
    '"Benutzer 3";"Benutzer 4";"Beruf";"Büro";"E-Mail-Adresse";"E-Mail-Typ";"E-Mail: Angezeigter Name";'
    '"E-Mail 2: Adresse";"E-Mail 2: Typ";"E-Mail 2: Angezeigter Name";"E-Mail 3: Adresse";'
    '"E-Mail 3: Typ";"E-Mail 3: Angezeigter Name";"Empfohlen von";"Geburtstag";"Geschlecht";"Hobby";'
    '"Initialen";"Internet-Frei/Gebucht";"Jahrestag";"Kategorien";"Kinder";"Konto";"Name Assistent";'
    '"Name des/der Vorgesetzten";"Notizen";"Organisations-Nr.";"Ort";"Partner";"Postfach geschäftlich";'
    '"Postfach privat";"Priorität";"Privat";"Regierungs-Nr.";"Reisekilometer";"Sensibilität";"Sprache";'
    '"Stichwörter";"Verzeichnisserver";"Webseite";"Weiteres Postfach"'
)


def test_outlook_in_german(export):
    export(
        OUTLOOK_DE,
        [
            {
                "Vorname": "Jürgen",
                "Weitere Vornamen": "Karl",
                "Nachname": "Müller",
                "Firma": "Müller GmbH",
                "Straße geschäftlich": "Hauptstraße 5",
                "Ort geschäftlich": "München",
                "Land/Region geschäftlich": "DE",
                "Telefon Firma": "+49 30 1234567",
                "Mobiltelefon": "+49 151 12345678",
                "E-Mail-Adresse": "juergen@mueller.example",
                "E-Mail 2: Adresse": "jm@example.de",
                "Geburtstag": "1975-01-31",
                "Kategorien": "Kunde",
                "Ort": "Büro Nord",
                "Sprache": "de",
            }
        ],
        delimiter=";",
    )
    jm = person("juergen@mueller.example")
    assert (jm.first_name, jm.middle_name, jm.last_name, company_name(jm)) == (
        "Jürgen",
        "Karl",
        "Müller",
        "Müller GmbH",
    )
    assert (jm.address, jm.city, jm.country, jm.preferred_language) == (
        "Hauptstraße 5",
        "München",
        "DE",
        "de",
    )
    assert jm.phones == ["+4915112345678"] and sorted(jm.emails) == [
        "jm@example.de",
        "juergen@mueller.example",
    ]
    assert str(jm.birth_date) == "1975-01-31" and jm.tags == ["Kunde"]


OUTLOOK_HR = (
    '"Titula";"Ime";"Srednje ime";"Prezime";"Sufiks";"Tvrtka";"Odjel";"Poslovna titula";'
    '"Službena adresa - ulica";"Službena adresa - ulica 2";"Službena adresa - ulica 3";'
    '"Službena adresa - grad";"Službena adresa - savezna država";"Službena adresa - poštanski broj";'
    '"Država/regija poslovanja";"Kućna adresa - ulica";"Kućna adresa - ulica 2";"Kućna adresa - ulica 3";'
    '"Kućna adresa - grad";"Kućna adresa - savezna država";"Kućna adresa - poštanski broj";'
    '"Matična država/regija";"Druga adresa - ulica";"Druga adresa - grad";"Druga država/regija";'
    '"Pomoćnikov telefon";"Službeni faks";"Službeni telefon";"Službeni telefon 2";"Povratni poziv";'
    '"Automobilski telefon";"Telefonski broj centrale tvrtke";"Kućni faks";"Kućni telefon";'
    '"Kućni telefon 2";"ISDN";"Mobitel";"Drugi faks";"Drugi telefon";"Javljač";"Primarni telefon";'
    '"Radijski telefon";"Tekstualni telefon";"Teleks";"Račun";"Obljetnica";"Ime pomoćnika";'
    '"Informacija za naplatu";"Rođendan";"Službena adresa - poštanski pretinac";"Kategorije";"Djeca";'
    '"Adresa e-pošte";"Vrsta e-pošte";"Prikazano ime e-pošte";"Adresa e-pošte 2";"Vrsta e-pošte 2";'
    '"Prikazano ime e-pošte 2";"Adresa e-pošte 3";"Vrsta e-pošte 3";"Prikazano ime e-pošte 3";"Spol";'
    '"JMBG";"Inicijali";"Mjesto";"Naziv rukovoditelja";"Bilješke";"Mjesto ureda";"Prioritet";'
    '"Osjetljivost";"Supružnik";"Korisnik 1";"Web-stranica"'
)


def test_outlook_in_croatian(export):
    result = export(
        OUTLOOK_HR,
        [
            {
                "Ime": "Petra",
                "Prezime": "Babić",
                "Tvrtka": "Babić obrt",
                "Službena adresa - ulica": "Korzo 3",
                "Službena adresa - grad": "Rijeka",
                "Država/regija poslovanja": "HR",
                "Kućna adresa - grad": "Opatija",
                "Telefonski broj centrale tvrtke": "+385 1 234 5679",
                "Mobitel": "+385 99 333 4444",
                "Kućni telefon": "+385 1 234 5678",
                "Adresa e-pošte": "petra@babic.example",
                "Vrsta e-pošte": "SMTP",
                "Kategorije": "Kupac",
                "Mjesto": "Ured Rijeka",
            }
        ],
        delimiter=";",
    )
    petra = person("petra@babic.example")
    assert (petra.first_name, petra.last_name, company_name(petra)) == ("Petra", "Babić", "Babić obrt")
    assert (petra.address, petra.city, petra.country) == ("Korzo 3", "Rijeka", "HR")
    assert sorted(petra.phones) == ["+38512345678", "+385993334444"] and petra.tags == ["Kupac"]
    assert ("Mjesto", "city takes one column and comes from 'Službena adresa - grad'") in result.skipped


OUTLOOK_FR = (
    '"Prénom";"Deuxième prénom";"Nom";"Suffixe";"Société";"Service";"Titre";"Rue (bureau)";'
    '"Rue (bureau) 2";"Rue (bureau) 3";"Ville (bureau)";"Dép/Région (bureau)";"Code postal (bureau)";'
    '"Pays/Région (bureau)";"Rue (domicile)";"Rue (domicile) 2";"Rue (domicile) 3";"Ville (domicile)";'
    '"Dép/Région (domicile)";"Code postal (domicile)";"Pays/Région (domicile)";"Rue (autre)";'
    '"Ville (autre)";"Pays/Région (autre)";"Téléphone de l\'assistant(e)";"Télécopie (bureau)";'
    '"Téléphone (bureau)";"Téléphone 2 (bureau)";"Rappel";"Téléphone (voiture)";"Téléphone société";'
    '"Télécopie (domicile)";"Téléphone (domicile)";"Téléphone 2 (domicile)";"RNIS";"Tél. mobile";'
    '"Télécopie (autre)";"Téléphone (autre)";"Récepteur de radiomessagerie";"Téléphone principal";'
    '"Anniversaire";"Catégories";"Adresse de messagerie";"Type de messagerie";'
    '"Nom complet de l\'adresse de messagerie";"Adresse de messagerie 2";"Adresse de messagerie 3";'
    '"Sexe";"Emplacement";"Notes";"Page Web"'
)


def test_outlook_in_french(export):
    export(
        OUTLOOK_FR,
        [
            {
                "Prénom": "Élodie",
                "Nom": "Durand",
                "Société": "Durand SARL",
                "Rue (bureau)": "12 rue de la Paix",
                "Ville (bureau)": "Paris",
                "Pays/Région (bureau)": "FR",
                "Téléphone société": "+33 1 42 68 53 00",
                "Tél. mobile": "+33 6 12 34 56 78",
                "Adresse de messagerie": "elodie@durand.example",
                "Nom complet de l'adresse de messagerie": "Élodie Durand",
                "Anniversaire": "1988-07-14",
            }
        ],
        delimiter=";",
    )
    elodie = person("elodie@durand.example")
    assert (elodie.first_name, elodie.last_name, company_name(elodie)) == ("Élodie", "Durand", "Durand SARL")
    assert (elodie.address, elodie.city, elodie.country) == ("12 rue de la Paix", "Paris", "FR")
    assert elodie.phones == ["+33612345678"] and str(elodie.birth_date) == "1988-07-14"


OUTLOOK_ES = (
    '"Title";"Nombre";"Segundo nombre";"Apellidos";"Suffix";"Organización";"Department";"Puesto";'
    '"Calle del trabajo";"Calle del trabajo 2";"Calle del trabajo 3";"Ciudad de trabajo";'
    '"Provincia o estado de trabajo";"Código postal del trabajo";"País o región del trabajo";'
    '"Home Street";"Home Street 2";"Home Street 3";"Home City";"Home State";"Home Postal Code";'
    '"País o región del domicilio";"Otra calle";"Otra ciudad";"Otro país o región";"Assistant\'s Phone";'
    '"Business Fax";"Teléfono del trabajo";"Business Phone 2";"Devolución de llamada";"Car Phone";'
    '"Número de centralita de la organización";"Home Fax";"Particular";"Home Phone 2";"ISDN";'
    '"Mobile Phone";"Otro fax";"Otro teléfono";"Pager";"Teléfono principal";"Birthday";"Categorías";'
    '"E-mail Address";"E-mail Type";"Nombre de pantalla de correo electrónico";'
    '"Dirección de correo electrónico 2";"Dirección del correo electrónico 3";"Género";"Location";'
    '"Notes";"Página web"'
)


def test_outlook_in_spanish(export):
    export(
        OUTLOOK_ES,
        [
            {
                "Nombre": "Lucía",
                "Apellidos": "García López",
                "Organización": "García y Asociados",
                "Calle del trabajo": "Calle Mayor 7",
                "Ciudad de trabajo": "Madrid",
                "País o región del trabajo": "ES",
                "Home City": "Toledo",
                "Particular": "+34 912 345 678",
                "Mobile Phone": "+34 612 345 678",
                "E-mail Address": "lucia@garcia.example",
                "Dirección del correo electrónico 3": "lucia@example.es",
            }
        ],
        delimiter=";",
    )
    lucia = person("lucia@garcia.example")
    assert (lucia.first_name, lucia.last_name, company_name(lucia)) == (
        "Lucía",
        "García López",
        "García y Asociados",
    )
    assert (lucia.address, lucia.city, lucia.country) == ("Calle Mayor 7", "Madrid", "ES")
    assert sorted(lucia.phones) == ["+34612345678", "+34912345678"]
    assert sorted(lucia.emails) == ["lucia@example.es", "lucia@garcia.example"]


OUTLOOK_IT = (
    '"Titolo";"Nome";"Secondo nome";"Cognome";"Titolo straniero";"Società";"Reparto";"Posizione";'
    '"Via (uff.)";"Via (uff.) 2";"Via (uff.) 3";"Città (uff.)";"Provincia (uff.)";"CAP (uff.)";'
    '"Paese (uff.)";"Via (ab.)";"Via (ab.) 2";"Via (ab.) 3";"Città (ab.)";"Provincia (ab.)";"CAP (ab.)";'
    '"Paese (ab.)";"Altra via";"Altra città";"Altro paese";"Telefono assistente";"Fax (uff.)";"Ufficio";'
    '"Ufficio 2";"Richiamata automatica";"Telefono auto";"Telefono principale società";"Fax (ab.)";'
    '"Abitazione";"Abitazione 2";"ISDN";"Cellulare";"Altro fax";"Altro telefono";"Cercapersone";'
    '"Telefono principale";"Compleanno";"Categorie";"Indirizzo posta elettronica";'
    '"Tipo posta elettronica";"Nome visualizzato posta elettronica";"Indirizzo posta elettronica 2";'
    '"Indirizzo posta elettronica 3";"Sesso";"Luogo";"Notes";"Pagina Web"'
)


def test_outlook_in_italian(export):
    export(
        OUTLOOK_IT,
        [
            {
                "Nome": "Giulia",
                "Cognome": "Rossi",
                "Società": "Rossi S.p.A.",
                "Via (uff.)": "Via Roma 10",
                "Città (uff.)": "Milano",
                "Paese (uff.)": "IT",
                "Ufficio": "+39 02 1234 5678",
                "Cellulare": "+39 312 345 6789",
                "Indirizzo posta elettronica": "giulia@rossi.example",
            }
        ],
        delimiter=";",
    )
    giulia = person("giulia@rossi.example")
    assert (giulia.first_name, giulia.last_name, company_name(giulia)) == ("Giulia", "Rossi", "Rossi S.p.A.")
    assert (giulia.address, giulia.city, giulia.country) == ("Via Roma 10", "Milano", "IT")
    assert sorted(giulia.phones) == ["+390212345678", "+393123456789"]


OUTLOOK_NL = (
    '"Titel";"Voornaam";"Middelste naam";"Achternaam";"Achtervoegsel";"Bedrijf";"Afdeling";"Functie";'
    '"Werkadres, straat";"Werkadres 2, straat";"Werkadres 3, straat";"Werkadres, plaats";'
    '"Werkadres, provincie";"Werkadres, postcode";"Land/regio (werk)";"Huisadres, straat";'
    '"Huisadres, straat 2";"Huisadres, straat 3";"Huisadres, plaats";"Huisadres, provincie";'
    '"Huisadres, postcode";"Land/regio (thuis)";"Ander adres, straat";"Ander adres, plaats";'
    '"Land/regio (anders)";"Telefoon assistent";"Fax op werk";"Telefoon op werk";"Telefoon op werk 2";'
    '"Terugbellen";"Autotelefoon";"Hoofdtelefoon bedrijf";"Fax thuis";"Telefoon thuis";'
    '"Telefoon thuis 2";"ISDN";"Mobiele telefoon";"Andere fax";"Andere telefoon";"Pager";"Hoofdtelefoon";'
    '"Verjaardag";"Categorieën";"E-mailadres";"E-mailtype";"Weergavenaam voor e-mail";"E-mailadres 2";'
    '"E-mailadres 3";"Geslacht";"Locatie";"Notities";"Webpagina"'
)


def test_outlook_in_dutch(export):
    export(
        OUTLOOK_NL,
        [
            {
                "Voornaam": "Daan",
                "Achternaam": "de Vries",
                "Bedrijf": "De Vries B.V.",
                "Werkadres, straat": "Damrak 1",
                "Werkadres, plaats": "Amsterdam",
                "Land/regio (werk)": "NL",
                "Mobiele telefoon": "+31 6 12345678",
                "E-mailadres": "daan@devries.example",
                "Verjaardag": "1990-02-03",
            }
        ],
        delimiter=";",
    )
    daan = person("daan@devries.example")
    assert (daan.first_name, daan.last_name, company_name(daan)) == ("Daan", "de Vries", "De Vries B.V.")
    assert (daan.address, daan.city, daan.country, daan.phones) == (
        "Damrak 1",
        "Amsterdam",
        "NL",
        ["+31612345678"],
    )
    assert str(daan.birth_date) == "1990-02-03"


OUTLOOK_PT_BR = (
    '"Tratamento";"Primeiro nome";"Segundo nome";"Sobrenome";"Sufixo";"Empresa";"Departamento";"Cargo";'
    '"Business Street";"Rua do endereço comercial 2";"Rua do endereço comercial 3";"Business City";'
    '"Business State";"Business Postal Code";"País/Região da Empresa";"Endereço residencial";'
    '"Endereço residencial 2";"Endereço residencial 3";"Cidade do endereço residencial";"Estado";'
    '"CEP do endereço residencial";"País/Região de Residência";"Outro endereço";"Cidade";'
    '"Outro País/Região";"Telefone do assistente";"Fax comercial";"Telefone comercial";'
    '"Telefone comercial 2";"Retorno de chamada";"Telefone do carro";"Telefone principal da empresa";'
    '"Fax residencial";"Telefone residencial";"Telefone residencial 2";"ISDN";"Telefone celular";'
    '"Outro fax";"Outro telefone";"Pager";"Telefone principal";"Birthday";"Categorias";"E-mail Address";'
    '"Tipo de email";"Nome para exibição do email";"Endereço de email 2";"Endereço de email 3";"Sexo";'
    '"Local";"Anotações";"Página da Web"'
)


def test_outlook_in_brazilian_portuguese(export):
    export(
        OUTLOOK_PT_BR,
        [
            {
                "Primeiro nome": "João",
                "Sobrenome": "Silva",
                "Empresa": "Silva Ltda",
                "Business Street": "Avenida Paulista 1000",
                "Business City": "São Paulo",
                "País/Região da Empresa": "BR",
                "Cidade do endereço residencial": "Santos",
                "Telefone celular": "+55 11 91234 5678",
                "E-mail Address": "joao@silva.example",
                "Endereço de email 2": "joao@example.com.br",
            }
        ],
        delimiter=";",
    )
    joao = person("joao@silva.example")
    assert (joao.first_name, joao.last_name, company_name(joao)) == ("João", "Silva", "Silva Ltda")
    assert (joao.address, joao.city, joao.country, joao.phones) == (
        "Avenida Paulista 1000",
        "São Paulo",
        "BR",
        ["+5511912345678"],
    )
    assert sorted(joao.emails) == ["joao@example.com.br", "joao@silva.example"]


OUTLOOK_PT_PT = (
    '"Título";"Primeiro nome";"Outros nomes/apelidos";"Apelido";"Sufixo";"Empresa";"Departamento";'
    '"Cargo";"Rua da empresa";"Rua da empresa 2";"Rua da empresa 3";"Localidade da empresa";'
    '"Distrito da empresa";"Código postal da empresa";"País/Região da Empresa";"Rua da residência";'
    '"Rua da residência (2)";"Rua da residência (3)";"Localidade da residência";"Distrito da residência";'
    '"Código postal da residência";"País da Residência/Região";"Telefone do assistente";"Fax da empresa";'
    '"Telefone da empresa";"2º telefone da empresa";"Telefone do carro";"Telefone principal da empresa";'
    '"Fax da residência";"Telefone da residência";"2º telefone da residência";"Telemóvel";"Outro telefone";'
    '"Telefone principal";"Aniversário";"Data de nascimento";"Categorias";"Endereço de correio electrónico";'
    '"Endereço do correio electrónico 2";"Endereço do correio electrónico 3";"Sexo";"Localização";"Notas"'
)


def test_outlook_in_european_portuguese(export):
    result = export(
        OUTLOOK_PT_PT,
        [
            {
                "Primeiro nome": "Inês",
                "Apelido": "Costa",
                "Empresa": "Costa Lda",
                "Rua da empresa": "Rua Augusta 100",
                "Localidade da empresa": "Lisboa",
                "País/Região da Empresa": "PT",
                "Telemóvel": "+351 912 345 678",
                "2º telefone da empresa": "+351 21 123 4567",
                "Aniversário": "2015-06-20",
                "Data de nascimento": "1987-09-30",
                "Endereço de correio electrónico": "ines@costa.example",
            }
        ],
        delimiter=";",
    )
    ines = person("ines@costa.example")
    # "Apelido" (the surname here, a nickname in Brazil) is left for --map
    assert (ines.first_name, ines.last_name, company_name(ines)) == ("Inês", None, "Costa Lda")
    assert (ines.address, ines.city, ines.country) == ("Rua Augusta 100", "Lisboa", "PT")
    assert sorted(ines.phones) == ["+351211234567", "+351912345678"]
    assert str(ines.birth_date) == "1987-09-30"  # not the anniversary
    assert ("Apelido", "no field is known by this name") in result.skipped


APPLE = (
    "First Name,Middle Name,Last Name,Nickname,Organization,Job Title,Email (home),Email (work),"
    "Phone (mobile),Phone (iPhone),Phone (home),Phone (work),Address (home) - Street,"
    "Address (home) - City,Address (home) - Country,Birthday,Note,Groups"
)


def test_apple_contacts_and_icloud_as_vcard_to_csv_tools_write_them(export):
    export(
        APPLE,
        [
            {
                "First Name": "Tim",
                "Last Name": "Cook",
                "Organization": "Apple",
                "Email (home)": "tim@example.com",
                "Email (work)": "tim@apple.example",
                "Phone (iPhone)": "+1 415 555 2671",
                "Address (home) - Street": "1 Infinite Loop",
                "Address (home) - City": "Cupertino",
                "Address (home) - Country": "US",
                "Birthday": "1960-11-01",
                "Groups": "Friends",
            }
        ],
    )
    tim = person("tim@apple.example")
    assert (tim.first_name, tim.last_name, company_name(tim)) == ("Tim", "Cook", "Apple")
    assert sorted(tim.emails) == ["tim@apple.example", "tim@example.com"] and tim.phones == ["+14155552671"]
    assert (tim.address, tim.city, tim.country, tim.tags) == (
        "1 Infinite Loop",
        "Cupertino",
        "US",
        ["Friends"],
    )


THUNDERBIRD = (
    "First Name,Last Name,Display Name,Nickname,Primary Email,Secondary Email,Screen Name,Work Phone,"
    "Home Phone,Fax Number,Pager Number,Mobile Number,Home Address,Home Address 2,Home City,Home State,"
    "Home ZipCode,Home Country,Work Address,Work Address 2,Work City,Work State,Work ZipCode,Work Country,"
    "Job Title,Department,Organization,Web Page 1,Web Page 2,Birth Year,Birth Month,Birth Day,"
    "Custom 1,Custom 2,Custom 3,Custom 4,Notes"
)


def test_thunderbird(export):
    export(
        THUNDERBIRD,
        [
            {
                "First Name": "Luka",
                "Last Name": "Perić",
                "Display Name": "Luka Perić",
                "Nickname": "Lule",
                "Primary Email": "luka@peric.example",
                "Secondary Email": "luka@example.com",
                "Work Phone": "+385 1 234 5678",
                "Mobile Number": "+385 92 555 6666",
                "Fax Number": "+385 1 234 5679",
                "Home Address": "Vukovarska 10",
                "Home City": "Osijek",
                "Home Country": "HR",
                "Work City": "Zagreb",
                "Organization": "Perić d.d.",
                "Birth Year": "1985",
            }
        ],
    )
    luka = person("luka@peric.example")
    assert (luka.first_name, luka.last_name, luka.nickname, company_name(luka)) == (
        "Luka",
        "Perić",
        "Lule",
        "Perić d.d.",
    )
    assert sorted(luka.emails) == ["luka@example.com", "luka@peric.example"]
    assert sorted(luka.phones) == ["+38512345678", "+385925556666"]
    assert (luka.address, luka.city, luka.country) == ("Vukovarska 10", "Osijek", "HR")


LINKEDIN_NOTES = (
    "Notes:\r\n"
    '"When exporting your connection data, you may notice that some of the email addresses are missing. '
    "You will only see email addresses for connections who have allowed their connections to see or "
    'download their email address."\r\n'
    "\r\n"
)


def test_linkedin_connections(export):
    export(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
        [
            {
                "First Name": "Maja",
                "Last Name": "Novak",
                "URL": "https://www.linkedin.com/in/maja-novak",
                "Email Address": "maja@novak.example",
                "Company": "Novak Consulting",
                "Position": "Partner",
                "Connected On": "14 Mar 2024",
            }
        ],
        preamble=LINKEDIN_NOTES,
        skip_rows=3,
    )
    maja = person("maja@novak.example")
    assert (maja.first_name, maja.last_name, company_name(maja)) == ("Maja", "Novak", "Novak Consulting")


SALESFORCE_API = (
    "Id,IsDeleted,MasterRecordId,AccountId,LastName,FirstName,Salutation,MiddleName,Suffix,Name,"
    "OtherStreet,OtherCity,OtherState,OtherPostalCode,OtherCountry,MailingStreet,MailingCity,"
    "MailingState,MailingPostalCode,MailingCountry,Phone,Fax,MobilePhone,HomePhone,OtherPhone,"
    "AssistantPhone,ReportsToId,Email,Title,Department,AssistantName,LeadSource,Birthdate,Description,"
    "OwnerId,HasOptedOutOfEmail,CreatedDate,LastModifiedDate"
)


def test_salesforce_api_names(export):
    result = export(
        SALESFORCE_API,
        [
            {
                "Id": "0035g00000ABCDeAAH",
                "IsDeleted": "false",
                "AccountId": "0015g00000XYZ12AAB",
                "LastName": "Jurić",
                "FirstName": "Ivana",
                "Name": "Ivana Jurić",
                "OtherCity": "Zadar",
                "MailingStreet": "Ulica grada Vukovara 1",
                "MailingCity": "Zagreb",
                "MailingCountry": "HR",
                "Phone": "+385 1 234 5678",
                "MobilePhone": "+385 91 123 4567",
                "Email": "ivana@juric.example",
                "Birthdate": "1982-03-08",
            },
            {
                "Id": "0035g00000ABCDfAAH",
                "AccountId": "0015g00000XYZ12AAB",
                "LastName": "Horvat",
                "Email": "tomo@horvat.example",
            },
        ],
    )
    ivana = person("ivana@juric.example")
    assert (ivana.external_id, ivana.first_name, ivana.last_name) == ("0035g00000ABCDeAAH", "Ivana", "Jurić")
    assert (ivana.address, ivana.city, ivana.country) == ("Ulica grada Vukovara 1", "Zagreb", "HR")
    assert sorted(ivana.phones) == ["+38512345678", "+385911234567"] and str(ivana.birth_date) == "1982-03-08"
    # the account's id is the company's, shared by its contacts: it does not join them
    assert result.created == 2 and person("tomo@horvat.example").external_id == "0035g00000ABCDfAAH"


def test_salesforce_label_names(export):
    export(
        "Contact ID,Salutation,First Name,Last Name,Title,Account Name,Mailing Street,Mailing City,"
        "Mailing State/Province,Mailing Zip/Postal Code,Mailing Country,Phone,Mobile,Home Phone,Email,"
        "Birthdate,Lead Source,Contact Owner",
        [
            {
                "Contact ID": "0035g00000ABCDg",
                "First Name": "Nina",
                "Last Name": "Kralj",
                "Account Name": "Kralj Logistika",
                "Mailing Street": "Savska 50",
                "Mailing City": "Zagreb",
                "Mailing Country": "HR",
                "Mobile": "+385 98 765 4321",
                "Email": "nina@kralj.example",
            }
        ],
    )
    nina = person("nina@kralj.example")
    assert (nina.external_id, nina.first_name, nina.last_name, company_name(nina)) == (
        "0035g00000ABCDg",
        "Nina",
        "Kralj",
        "Kralj Logistika",
    )
    assert (nina.address, nina.city, nina.country, nina.phones) == (
        "Savska 50",
        "Zagreb",
        "HR",
        ["+385987654321"],
    )


def test_hubspot(export):
    export(
        "Record ID,First Name,Last Name,Email,Phone Number,Mobile Phone Number,Street Address,City,"
        "State/Region,Postal Code,Country/Region,Company Name,Job Title,Lifecycle Stage,Contact owner,"
        "Create Date,Preferred language",
        [
            {
                "Record ID": "51",
                "First Name": "Karlo",
                "Last Name": "Marić",
                "Email": "karlo@maric.example",
                "Phone Number": "+385 1 234 5678",
                "Mobile Phone Number": "+385 95 111 2222",
                "Street Address": "Vlaška 40",
                "City": "Zagreb",
                "Country/Region": "HR",
                "Company Name": "Marić Tech",
                "Lifecycle Stage": "Customer",
                "Preferred language": "hr",
            }
        ],
    )
    karlo = person("karlo@maric.example")
    assert (karlo.external_id, karlo.first_name, karlo.last_name, company_name(karlo)) == (
        "51",
        "Karlo",
        "Marić",
        "Marić Tech",
    )
    assert sorted(karlo.phones) == ["+38512345678", "+385951112222"]
    assert (karlo.address, karlo.city, karlo.country, karlo.preferred_language) == (
        "Vlaška 40",
        "Zagreb",
        "HR",
        "hr",
    )


def test_mailchimp(export):
    export(
        "Email Address,First Name,Last Name,Address,Phone Number,Birthday,MEMBER_RATING,OPTIN_TIME,"
        "OPTIN_IP,CONFIRM_TIME,CONFIRM_IP,LATITUDE,LONGITUDE,GMTOFF,DSTOFF,TIMEZONE,CC,REGION,"
        "LAST_CHANGED,LEID,EUID,NOTES,TAGS",
        [
            {
                "Email Address": "sara@example.com",
                "First Name": "Sara",
                "Last Name": "Vuković",
                "Address": "Ilica 1  Zagreb  10000 HR",
                "Phone Number": "+385 91 123 4567",
                "MEMBER_RATING": "2",
                "CC": "HR",
                "LEID": "123456789",
                "TAGS": "Newsletter,VIP",
            }
        ],
    )
    sara = person("sara@example.com")
    assert (sara.first_name, sara.last_name, sara.address, sara.country) == (
        "Sara",
        "Vuković",
        "Ilica 1  Zagreb  10000 HR",
        "HR",
    )
    assert sara.phones == ["+385911234567"] and sorted(sara.tags) == ["Newsletter", "VIP"]


def test_zoho_crm(export):
    export(
        "Record Id,Contact Owner,Lead Source,First Name,Last Name,Account Name,Email,Title,Department,"
        "Phone,Home Phone,Other Phone,Fax,Mobile,Date of Birth,Assistant,Asst Phone,Email Opt Out,"
        "Created Time,Modified Time,Full Name,Mailing Street,Other Street,Mailing City,Other City,"
        "Mailing State,Other State,Mailing Zip,Other Zip,Mailing Country,Other Country,Description,"
        "Secondary Email,Tag",
        [
            {
                "Record Id": "zcrm_4876876000000404001",
                "First Name": "Filip",
                "Last Name": "Knežević",
                "Account Name": "Knežević d.o.o.",
                "Email": "filip@knezevic.example",
                "Mobile": "+385 99 333 4444",
                "Asst Phone": "+385 1 234 5679",
                "Date of Birth": "1979-12-24",
                "Full Name": "Filip Knežević",
                "Mailing Street": "Zrinjevac 2",
                "Other Street": "Ulica 3",
                "Mailing City": "Osijek",
                "Other City": "Vukovar",
                "Mailing Country": "HR",
                "Secondary Email": "filip@example.com",
                "Tag": "Partner",
            }
        ],
    )
    filip = person("filip@knezevic.example")
    assert (filip.external_id, filip.first_name, company_name(filip)) == (
        "zcrm_4876876000000404001",
        "Filip",
        "Knežević d.o.o.",
    )
    assert (filip.address, filip.city, filip.country, filip.tags) == (
        "Zrinjevac 2",
        "Osijek",
        "HR",
        ["Partner"],
    )
    assert sorted(filip.emails) == ["filip@example.com", "filip@knezevic.example"]
    assert filip.phones == ["+385993334444"] and str(filip.birth_date) == "1979-12-24"


def test_odoo(export):
    export(
        "External ID,Name,Email,Phone,Mobile,Street,Street2,City,State,Zip,Country,Related Company,Tags,Language",
        [
            {
                "External ID": "__export__.res_partner_42_5f1e2d3c",
                "Name": "Ema Pavić",
                "Email": "ema@pavic.example",
                "Phone": "+385 1 234 5678",
                "Mobile": "+385 92 555 6666",
                "Street": "Trg bana Jelačića 1",
                "Street2": "3. kat",
                "City": "Zagreb",
                "Country": "HR",
                "Related Company": "Pavić Design",
                "Tags": "VIP,Newsletter",
                "Language": "Croatian / hrvatski jezik",
            }
        ],
    )
    ema = person("ema@pavic.example")
    assert (ema.external_id, company_name(ema), ema.preferred_language) == (
        "__export__.res_partner_42_5f1e2d3c",
        "Pavić Design",
        "Croatian / hrvatski jezik",
    )
    assert (ema.address, ema.city, ema.country) == ("Trg bana Jelačića 1", "Zagreb", "HR")
    assert sorted(ema.phones) == ["+38512345678", "+385925556666"] and sorted(ema.tags) == [
        "Newsletter",
        "VIP",
    ]


def test_mautic(export):
    export(
        "id,title,firstname,lastname,company,position,email,mobile,phone,points,fax,address1,address2,"
        "city,state,zipcode,country,preferred_locale,timezone,last_active,website,facebook,linkedin,"
        "twitter,stage,owner,tags",
        [
            {
                "id": "17",
                "firstname": "Tena",
                "lastname": "Radić",
                "company": "Radić Media",
                "email": "tena@radic.example",
                "mobile": "+385 91 123 4567",
                "points": "40",
                "address1": "Ilica 5",
                "address2": "stan 4",
                "city": "Zagreb",
                "country": "HR",
                "preferred_locale": "hr",
                "tags": "webinar",
            }
        ],
    )
    tena = person("tena@radic.example")
    assert (tena.external_id, tena.first_name, tena.last_name, company_name(tena)) == (
        "17",
        "Tena",
        "Radić",
        "Radić Media",
    )
    assert (tena.address, tena.city, tena.country, tena.preferred_language) == (
        "Ilica 5",
        "Zagreb",
        "HR",
        "hr",
    )
    assert tena.phones == ["+385911234567"] and tena.tags == ["webinar"]

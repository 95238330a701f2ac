"""What the demo population is drawn from: name origins, tags, companies, attributes, products.

Each ``Origin`` is a country with its first and last names, cities, streets, mobile
number ranges and email domains, and the share of persons who come from it.
"""

from __future__ import annotations

from dataclasses import dataclass

COMPANIES = 120


@dataclass(frozen=True)
class Origin:
    """Where a generated person comes from."""

    country: str
    language: str
    male: tuple[str, ...]
    female: tuple[str, ...]
    last: tuple[str, ...]
    cities: tuple[str, ...]
    streets: tuple[str, ...]
    phones: tuple[tuple[str, int], ...]  # (E.164 prefix, digits after it)
    domains: tuple[str, ...]


ORIGINS: tuple[tuple[Origin, float], ...] = (
    (
        Origin(
            "HR", "hr",
            ("Ivan", "Marko", "Luka", "Josip", "Ante", "Tomislav", "Nikola", "Petar", "Hrvoje", "Domagoj", "Đuro", "Krešimir"),
            ("Ana", "Marija", "Ivana", "Petra", "Lucija", "Maja", "Katarina", "Željka", "Snježana", "Iva", "Ema", "Dora"),
            ("Horvat", "Kovačević", "Babić", "Marić", "Jurić", "Novak", "Kovačić", "Knežević", "Vuković",
             "Marković", "Petrović", "Matić", "Tomić", "Kovač", "Božić", "Šarić", "Đurić", "Čović", "Lončar"),
            ("Zagreb", "Split", "Rijeka", "Osijek", "Zadar", "Pula", "Varaždin"),
            ("Ilica", "Vukovarska", "Savska cesta", "Riva", "Korzo", "Frankopanska"),
            (("+38591", 7), ("+38598", 7), ("+38595", 7)),
            ("gmail.com", "net.hr", "t-com.hr", "yahoo.com"),
        ),
        0.40,
    ),
    (
        Origin(
            "DE", "de",
            ("Hans", "Jürgen", "Klaus", "Stefan", "Michael", "Thomas", "Andreas", "Lukas", "Jörg", "Felix", "Paul", "Tobias"),
            ("Anna", "Ursula", "Sabine", "Monika", "Petra", "Sophie", "Lena", "Julia", "Katrin", "Jutta", "Käthe", "Heike"),
            ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
             "Hoffmann", "Schäfer", "Koch", "Richter", "Klein", "Wolf", "Schröder", "Weiß", "Groß"),
            ("Berlin", "München", "Hamburg", "Köln", "Frankfurt", "Stuttgart", "Leipzig"),
            ("Hauptstraße", "Bahnhofstraße", "Gartenweg", "Schillerstraße", "Goethestraße"),
            (("+49151", 8), ("+49170", 8), ("+49176", 8)),
            ("gmx.de", "web.de", "t-online.de", "gmail.com"),
        ),
        0.25,
    ),
    (
        Origin(
            "GB", "en",
            ("James", "John", "Robert", "Oliver", "Harry", "George", "Jack", "Daniel", "Samuel", "Henry", "Arthur", "Edward"),
            ("Mary", "Jennifer", "Elizabeth", "Sarah", "Emily", "Charlotte", "Amelia", "Olivia", "Grace", "Lily", "Chloe", "Ruby"),
            ("Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson",
             "Roberts", "Walker", "White", "Hughes", "Green", "Hall", "Clarke", "Patel", "O'Brien"),
            ("London", "Manchester", "Birmingham", "Leeds", "Bristol", "Edinburgh", "Cardiff"),
            ("High Street", "Station Road", "Church Lane", "Victoria Road", "Park Avenue"),
            (("+4474", 8), ("+4477", 8), ("+4478", 8)),
            ("gmail.com", "outlook.com", "btinternet.com", "yahoo.co.uk"),
        ),
        0.20,
    ),
    (
        Origin(
            "ES", "es",
            ("José", "Antonio", "Manuel", "Francisco", "David", "Javier", "Carlos", "Miguel", "Alejandro", "Pablo", "Sergio", "Íñigo"),
            ("María", "Carmen", "Lucía", "Laura", "Marta", "Sofía", "Elena", "Paula", "Cristina", "Nuria", "Begoña", "Inés"),
            ("García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez",
             "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Muñoz", "Álvarez", "Núñez"),
            ("Madrid", "Barcelona", "Valencia", "Sevilla", "Bilbao", "Málaga", "Zaragoza"),
            ("Calle Mayor", "Gran Vía", "Calle de Alcalá", "Paseo de Gracia", "Avenida del Puerto"),
            (("+3461", 7), ("+3465", 7), ("+3467", 7)),
            ("gmail.com", "hotmail.es", "telefonica.net", "yahoo.es"),
        ),
        0.15,
    ),
)  # fmt: skip
TYPES = (("customer", 0.50), ("lead", 0.35), ("agent", 0.05), ("anonymous", 0.10))
TAGS = (
    "vip", "newsletter", "b2b", "churn risk", "black friday 2025", "webinar", "trade fair", "partner",
    "beta tester", "support escalated", "loyalty gold", "do not call",
)  # fmt: skip
COMPANY_WORDS = (
    "Adria", "Alpen", "Nord", "Atlas", "Sol", "Iberia", "Danube", "Baltic", "Orbit", "Vertex", "Kvarner",
    "Rhein", "Thames", "Castilla", "Dalmacija", "Aurora", "Granit", "Delta", "Meridian", "Pannonia",
)  # fmt: skip
COMPANY_TRADES = (
    "Logistics", "Software", "Foods", "Energy", "Media", "Textil", "Travel", "Bau", "Pharma", "Trade",
)  # fmt: skip
COMPANY_FORMS = {"HR": "d.o.o.", "DE": "GmbH", "GB": "Ltd", "ES": "S.L."}
INDUSTRIES = ("retail", "manufacturing", "logistics", "software", "food", "tourism", "energy", "media")
SIZES = ("1-10", "11-50", "51-200", "201-1000", "1000+")
ATTRIBUTES = (
    ("loyalty points", "whole"),
    ("lifetime value", "decimal"),
    ("newsletter opt-in", "boolean"),
    ("preferred channel", "text"),
    ("last order", "date"),
)
CHANNELS = ("email", "sms", "whatsapp", "phone", "push")
PRODUCTS = (
    ("P-1001", "Espresso machine", "kitchen", "249.00"),
    ("P-1002", "Coffee grinder", "kitchen", "89.90"),
    ("P-2001", "Running shoes", "sport", "119.00"),
    ("P-2002", "Yoga mat", "sport", "29.99"),
    ("P-3001", "Headphones", "electronics", "199.00"),
    ("P-3002", "E-reader", "electronics", "139.00"),
    ("P-4001", "Winter jacket", "fashion", "179.50"),
    ("P-4002", "Leather bag", "fashion", "95.00"),
)
PERSON_COLUMNS = (
    "id", "type", "external_id", "first_name", "last_name", "middle_name", "nickname", "gender",
    "birth_date", "address", "city", "country", "preferred_language", "profile_picture_url",
    "company_id", "name_key", "last_key", "created_at", "modified_at",
)  # fmt: skip

"""The accelerated phone path gives exactly phonenumbers' E.164 form and verdict.

``store.phone_parsing.valid_e164`` lets rphonenumbers read the text and phonenumbers
decide; ``reference_e164`` is phonenumbers alone. They must agree on every text: every
cell of every corpus file (as the corpus README reads it, with its default country and
without one), and a generated sample of numbers of every region and non-geographic
calling code, of every type, written in E.164, international and national form, with
digits changed, dropped and added, read with several default countries; and junk.
"""

from __future__ import annotations

import random
import shlex
from pathlib import Path

import phonenumbers
import pytest

from store import phone_parsing
from store.contact_rules import normalize_phone
from store.errors import InvalidValue
from store.importing.errors import FileRefused
from store.importing.source import open_table

pytest.importorskip("rphonenumbers")

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
TYPES = [value for name, value in vars(phonenumbers.PhoneNumberType).items() if name.isupper()]
FORMATS = (
    phonenumbers.PhoneNumberFormat.E164,
    phonenumbers.PhoneNumberFormat.INTERNATIONAL,
    phonenumbers.PhoneNumberFormat.NATIONAL,
)
JUNK = "0123456789 +-()./xX#*;,:ext tel٠١٢٣٤٥٦٧٨٩０１２３ABCabc"


def _disagreements(
    pairs: list[tuple[str, str | None]],
) -> list[tuple[str, str | None, str | None, str | None]]:
    """The (text, region) pairs on which the two paths differ, with both answers."""
    assert phone_parsing.fast_parse is not None
    found = []
    for text, region in pairs:
        fast, reference = phone_parsing.valid_e164(text, region), phone_parsing.reference_e164(text, region)
        if fast != reference:
            found.append((text, region, fast, reference))
    return found


def _variants(text: str, rng: random.Random) -> list[str]:
    """``text`` and copies with a digit changed, the last digit dropped and one added."""
    positions = [i for i, c in enumerate(text) if c.isdigit()]
    out = [text, text[:-1], text + str(rng.randrange(10))]
    for _ in range(3):
        i = rng.choice(positions)
        out.append(text[:i] + str(rng.randrange(10)) + text[i + 1 :])
    return out


def _generated(seed: int) -> list[tuple[str, str | None]]:
    rng = random.Random(seed)
    pairs: list[tuple[str, str | None]] = []
    places: list[tuple[str, phonenumbers.PhoneNumber | None]] = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        places += [(region, phonenumbers.example_number_for_type(region, t)) for t in TYPES]
    for code in sorted(phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS):
        places.append(("001", phonenumbers.example_number_for_non_geo_entity(code)))
    for region, number in places:
        if number is None:
            continue
        readers = [region if region != "001" else None, "HR", "US", None]
        for form in FORMATS:
            written = phonenumbers.format_number(number, form)
            for text in _variants(written, rng):
                pairs += [(text, reader) for reader in rng.sample(readers, 2)]
    for _ in range(3000):  # junk and near-numbers
        text = "".join(rng.choice(JUNK) for _ in range(rng.randrange(1, 24)))
        pairs.append((text, rng.choice(["HR", "US", "DE", "GB", "IT", None])))
    return pairs


def test_generated_numbers_of_every_region_agree() -> None:
    pairs = _generated(15)
    assert len(pairs) > 50_000
    assert _disagreements(pairs) == []
    valid = sum(phone_parsing.reference_e164(t, r) is not None for t, r in pairs[:5000])
    assert 500 < valid < 4500  # the sample holds valid and invalid numbers alike


def test_the_fast_verdict_is_phonenumbers_on_every_parsed_number() -> None:
    """``phone_parsing.is_valid`` against ``phonenumbers.is_valid_number`` on the parsed
    numbers of the generated sample (Italian leading zeros and shared calling codes included)."""
    numbers = []
    for text, region in _generated(16):
        try:
            numbers.append(phonenumbers.parse(text, region))
        except phonenumbers.NumberParseException:
            continue
    assert len(numbers) > 40_000
    assert sum(n.italian_leading_zero is True for n in numbers) > 100
    differ = [n for n in numbers if phone_parsing.is_valid(n) != phonenumbers.is_valid_number(n)]
    assert differ == []
    valid = sum(phone_parsing.is_valid(n) for n in numbers)
    assert 0.2 * len(numbers) < valid < 0.8 * len(numbers)


def _corpus_cells() -> set[tuple[str, str | None]]:
    """Every text cell of the corpus files, with the default countries the README gives."""
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    pairs: set[tuple[str, str | None]] = set()
    for line in readme.splitlines():
        if not line.startswith("| `"):
            continue
        name = line.split("`")[1]
        cells = line.split(" | ")
        args = shlex.split(cells[3].strip("`")) if len(cells) > 3 else []
        options = dict(zip(args[::2], args[1::2], strict=False))
        country = options.get("--country")
        if not (CORPUS / name).is_file():
            continue
        try:
            with open_table(CORPUS / name, encoding=options.get("--encoding")) as table:
                for row in table.rows:
                    for cell in row.cells:
                        if isinstance(cell, str) and cell.strip() and len(cell) <= 100:
                            pairs.update(
                                {(cell.strip(), country), (cell.strip(), "HR"), (cell.strip(), None)}
                            )
        except (FileRefused, ValueError):
            continue
    return pairs


@pytest.mark.corpus
def test_every_corpus_cell_agrees() -> None:
    if not (CORPUS / "README.md").exists():
        pytest.skip("no corpus")
    pairs = sorted(_corpus_cells(), key=lambda p: (p[0], p[1] or ""))
    assert len(pairs) > 1000
    assert _disagreements(pairs) == []


def test_without_the_accelerator_phonenumbers_does_it_all(monkeypatch: pytest.MonkeyPatch) -> None:
    assert normalize_phone("095 123 4567", "HR") == "+385951234567"
    monkeypatch.setattr(phone_parsing, "fast_parse", None)
    assert normalize_phone("095 123 4567", "HR") == "+385951234567"
    assert normalize_phone("+1 650-253-0000") == "+16502530000"
    with pytest.raises(InvalidValue, match="is too short to be a phone number"):
        normalize_phone("+385 1", "HR")

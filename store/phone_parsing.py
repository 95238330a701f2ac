"""A phone text's E.164 form when phonenumbers says it is valid: phonenumbers decides, a
faster library (when installed) only reads the text.

phonenumbers 9.0.43 is the reference: which numbers are valid depends on its metadata
(the corpus rule). A number costs it about 24 µs, two thirds of it in ``parse``.
``rphonenumbers`` (an optional dependency, a Rust port of libphonenumber behind the
same API) reads a text about 6x faster but carries older metadata, so its own
validity verdict differs on a few numbers. Here it only parses: its country code and
national number become a phonenumbers ``PhoneNumber`` on which phonenumbers'
``is_valid_number`` decides and ``format_number`` writes the E.164 form. Whenever
that path does not end in a valid number (the text does not parse, or phonenumbers
says the parsed number is invalid) phonenumbers parses the text itself, so a refusal is
always phonenumbers' own; without rphonenumbers every text takes that path.
``tests/domain/test_phone_parsing.py`` compares both paths over every corpus phone
and a large generated sample of numbers of every region, in national and
international form, and junk.

phonenumbers' ``is_valid_number`` then costs about two thirds of what is left: it walks
up to eleven descriptions of the region's numbers through several Python calls each.
``is_valid`` gives its verdict from the same metadata with the work done once per
calling code and length: the general description's pattern and those of the types
(premium rate, toll free, ..., fixed line, mobile) whose possible lengths admit the
length, compiled (the types' as one alternation), so a number costs two ``fullmatch``
calls. A number is valid when both match, exactly as ``_number_type_helper`` finds a
type other than unknown. A valid number's E.164 form is then written as phonenumbers'
``format_number`` writes it: ``+``, the calling code, the national significant number. Calling codes shared by several
regions (+1, +7, +44...: which region a number belongs to takes phonenumbers' own
region search) go to ``is_valid_number`` itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import phonenumbers

# phonenumbers compiles its metadata's patterns again on every call unless asked to
# keep them: keeping them makes a number about 10 % cheaper to parse and validate.
phonenumbers.enable_pattern_cache()

E164 = phonenumbers.PhoneNumberFormat.E164
_PhoneNumber = phonenumbers.PhoneNumber
_is_valid = phonenumbers.is_valid_number
_format = phonenumbers.format_number
_TYPE_DESCRIPTIONS = (
    "premium_rate",
    "toll_free",
    "shared_cost",
    "voip",
    "personal_number",
    "pager",
    "uan",
    "voicemail",
    "fixed_line",
    "mobile",
)
_ASK_PHONENUMBERS = None  # a calling code whose numbers ``is_valid`` leaves to phonenumbers
_NEVER: tuple[None, None] = (None, None)  # no number of this length is valid
_checks: dict[tuple[int, int], tuple[re.Pattern[str] | None, re.Pattern[str] | None] | None] = {}


def _pattern(description: Any, length: int) -> str | None:
    """A description's pattern if a number of ``length`` digits may match it."""
    if description is None:
        return None
    lengths = description.possible_length
    if lengths and length not in lengths:
        return None
    return description.national_number_pattern or None


def _check_for(
    country_code: int, length: int
) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None] | None:
    """The general pattern and the types' patterns in one (an alternation, which matches
    the whole number when one of them does) for numbers of ``length`` digits under
    ``country_code``."""
    regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(country_code)
    if regions is None or len(regions) != 1:
        return _ASK_PHONENUMBERS
    region = regions[0]
    metadata = phonenumbers.PhoneMetadata.metadata_for_region_or_calling_code(country_code, region.upper())
    if metadata is None or (
        region != phonenumbers.REGION_CODE_FOR_NON_GEO_ENTITY
        and country_code != phonenumbers.country_code_for_valid_region(region)
    ):
        return _ASK_PHONENUMBERS
    general = _pattern(metadata.general_desc, length)
    types = [p for name in _TYPE_DESCRIPTIONS if (p := _pattern(getattr(metadata, name), length)) is not None]
    if general is None or not types:
        return _NEVER
    return re.compile(general), re.compile("|".join(f"(?:{p})" for p in types))


def _national(number: Any) -> str:
    """The national significant number of a parsed number (Italian leading zeros included),
    as phonenumbers' ``national_significant_number`` writes it."""
    national = str(number.national_number)
    if number.italian_leading_zero:
        zeros = number.number_of_leading_zeros
        national = "0" * (1 if zeros is None else zeros) + national
    return national


def _verdict(country_code: int, national: str) -> bool | None:
    """Whether the number is valid, or None when phonenumbers must say (a shared calling code)."""
    key = (country_code, len(national))
    if key not in _checks:
        _checks[key] = _check_for(*key)
    check = _checks[key]
    if check is None:
        return None
    general, types = check
    if general is None or types is None:
        return False
    return general.fullmatch(national) is not None and types.fullmatch(national) is not None


def is_valid(number: Any) -> bool:
    """``phonenumbers.is_valid_number(number)``, from the same metadata, faster (module docstring)."""
    verdict = _verdict(number.country_code, _national(number))
    return bool(_is_valid(number)) if verdict is None else verdict


def _load_fast_parse() -> Callable[[str, str | None], Any] | None:
    """rphonenumbers' ``parse``, or None when it is not installed."""
    try:
        import rphonenumbers
    except ImportError:
        return None
    return rphonenumbers.parse


fast_parse = _load_fast_parse()
"""The accelerator's ``parse`` (None: not installed, phonenumbers does everything)."""


def reference_e164(text: str, region: str | None) -> str | None:
    """phonenumbers alone: the E.164 form of ``text`` if it parses to a valid number, else None."""
    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    return _format(parsed, E164) if _is_valid(parsed) else None


def valid_e164(text: str, region: str | None) -> str | None:
    """The E.164 form of ``text`` (national numbers read for ``region``) if valid, else None.

    The same answer as ``reference_e164``, faster when rphonenumbers is installed
    (module docstring).
    """
    if fast_parse is not None:
        try:
            read = fast_parse(text, region)
        except Exception:  # noqa: BLE001 - any refusal of the accelerator: phonenumbers decides
            read = None
        if read is not None:
            national = _national(read)
            verdict = _verdict(read.country_code, national)
            if verdict is None:
                number = _PhoneNumber(read.country_code, read.national_number)
                if read.italian_leading_zero:
                    number.italian_leading_zero = True
                    number.number_of_leading_zeros = read.number_of_leading_zeros
                verdict = bool(_is_valid(number))
            if verdict:  # phonenumbers' E.164 form: + country code, national significant number
                return f"+{read.country_code}{national}"
    return reference_e164(text, region)

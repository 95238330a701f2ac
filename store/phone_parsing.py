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
"""

from __future__ import annotations

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
            number = _PhoneNumber(read.country_code, read.national_number)
            if read.italian_leading_zero:
                number.italian_leading_zero = True
                number.number_of_leading_zeros = read.number_of_leading_zeros
            if _is_valid(number):
                return _format(number, E164)
    return reference_e164(text, region)

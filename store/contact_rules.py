"""Rules for contact values: phone numbers in E.164, email addresses by syntax.

One place decides what a valid phone or email is, for every path (console, command
line, API, import). Each function returns the normalised value or raises
``InvalidValue`` naming the field and the value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import phonenumbers

from .errors import InvalidValue

# phonenumbers compiles its metadata's patterns again on every call unless asked to
# keep them: keeping them makes a number about 10 % cheaper to parse and validate.
phonenumbers.enable_pattern_cache()

MAX_CONTACTS = 100
EMAIL_LOCAL_FORBIDDEN = set('"(),:;<>[]\\')
# The whole syntax rule of SPEC 2.1 in one expression (the fast path); ``email_error``
# says which part failed. Local part: 1-64 characters, no whitespace, none of
# "(),:;<>[]\ and no leading, trailing or double dot. Domain: two or more labels of
# letters and digits with inner hyphens, the last of two or more letters.
_LOCAL_CHAR = r'[^\s"(),:;<>\[\]\\@.]'
_LABEL = r"[^\W_](?:(?:[^\W_]|-)*[^\W_])?"
EMAIL_RE = re.compile(rf"(?=[^@]{{1,64}}@){_LOCAL_CHAR}+(?:\.{_LOCAL_CHAR}+)*@(?:{_LABEL}\.)+[^\W\d_]{{2,}}")


def phone_error(raw: str, country: str | None) -> str | None:
    """Why ``raw`` is not a valid phone number with ``country`` as default, or None."""
    try:
        parsed = phonenumbers.parse(raw, country or None)
    except phonenumbers.NumberParseException as exc:
        if exc.error_type == phonenumbers.NumberParseException.INVALID_COUNTRY_CODE:
            if not raw.lstrip().startswith("+") and not country:
                return "is a national number: write it with +country code or set a default country"
            return "has an unknown country code"
        if exc.error_type in (
            phonenumbers.NumberParseException.TOO_SHORT_NSN,
            phonenumbers.NumberParseException.TOO_SHORT_AFTER_IDD,
        ):
            return "is too short to be a phone number"
        if exc.error_type == phonenumbers.NumberParseException.TOO_LONG:
            return "is too long to be a phone number"
        return "is not a phone number"
    if not phonenumbers.is_valid_number(parsed):
        return "is not a valid phone number"
    return None


def normalize_phone(raw: str, country: str | None = None, *, field: str = "phone") -> str:
    """The E.164 form of one phone number (``+385911234567``).

    Args:
        raw: the number as typed; the whole text is one number.
        country: ISO region for national numbers (e.g. ``HR``), or None.
        field: the field name used in the error message.

    Raises:
        InvalidValue: the text is not one valid number.
    """
    text = raw.strip()
    if not text:
        raise InvalidValue("Phone must not be empty.", field=field, value=raw)
    try:
        parsed = phonenumbers.parse(text, country or None)
        valid = phonenumbers.is_valid_number(parsed)
    except phonenumbers.NumberParseException:
        parsed, valid = None, False
    if not valid or parsed is None:
        reason = phone_error(text, country) or "is not a valid phone number"
        raise InvalidValue(f"Phone {text!r} {reason}.", field=field, value=raw)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def email_error(address: str) -> str | None:
    """Why ``address`` (already trimmed and lower-cased) is not a valid email, or None."""
    if address.count("@") != 1:
        return "must contain exactly one @"
    local, domain = address.split("@")
    if not 1 <= len(local) <= 64:
        return "needs a local part of 1 to 64 characters before the @"
    if any(c.isspace() for c in local) or EMAIL_LOCAL_FORBIDDEN & set(local):
        return 'has a space or one of " ( ) , : ; < > [ ] \\ before the @'
    if local.startswith(".") or local.endswith(".") or ".." in local:
        return "has a dot at the start or end of the local part, or two dots in a row"
    labels = domain.split(".")
    if len(labels) < 2:
        return "needs a domain with a dot, like example.com"
    for label in labels:
        if not label or not all(c.isalnum() or c == "-" for c in label):
            return "has a domain that is not made of letters, digits and hyphens"
        if label.startswith("-") or label.endswith("-"):
            return "has a domain part that starts or ends with a hyphen"
    if len(labels[-1]) < 2 or not labels[-1].isalpha():
        return "needs a domain ending in two or more letters"
    return None


def normalize_email(raw: str, *, field: str = "email") -> str:
    """The stored form of an email: trimmed and lower-cased, checked for syntax only.

    Raises:
        InvalidValue: the address breaks the syntax rule of SPEC 2.1.
    """
    address = raw.strip().lower()
    if EMAIL_RE.fullmatch(address):
        return address
    if not address:
        raise InvalidValue("Email must not be empty.", field=field, value=raw)
    reason = email_error(address) or "is not a valid email address"
    raise InvalidValue(f"Email {address!r} {reason}.", field=field, value=raw)


def is_valid_region(code: str) -> bool:
    """True when ``code`` is a region phonenumbers knows (``HR``, ``US``...)."""
    return code.upper() in phonenumbers.SUPPORTED_REGIONS


def clean_contacts(kind: str, values: Iterable[Any], country: str | None) -> list[str]:
    """Normalised, de-duplicated phones (E.164) or emails (lower-case), in the given order."""
    result: list[str] = []
    for raw in values:
        if not isinstance(raw, str):
            raise InvalidValue(f"{kind.capitalize()} must be text, not {raw!r}.", field=kind, value=raw)
        value = normalize_phone(raw, country) if kind == "phone" else normalize_email(raw)
        if value not in result:
            result.append(value)
    return result

"""Rules for contact values: phone numbers in E.164, email addresses by syntax.

One place decides what a valid phone or email is, for every path (console, command
line, API, import). Each function returns the normalised value or raises
``InvalidValue`` naming the field and the value.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

import phonenumbers

from .errors import InvalidValue
from .phone_parsing import valid_e164
from .text_checks import hidden_char, shown

MAX_CONTACTS = 100
MAX_EMAIL = 254  # characters of a whole address (RFC 5321's path limit less the brackets)
MAX_LOCAL = 64  # characters before the @
MAX_LABEL = 63  # characters of one dot-separated part of the domain
MAX_PHONE_TEXT = 100  # characters of a phone number as typed, before it is parsed
EMAIL_LOCAL_FORBIDDEN = set('"(),:;<>[]\\')
# The whole syntax rule of SPEC 2.1 in one expression (the fast path); ``email_error``
# says which part failed. Local part: 1-64 characters, no whitespace, none of
# "(),:;<>[]\ and no leading, trailing or double dot. Domain: two or more labels of
# 1-63 letters and digits with inner hyphens, the last of two or more letters. The
# whole address is at most 254 characters (checked beside the expression).
_LOCAL_CHAR = r'[^\s"(),:;<>\[\]\\@.]'
_LABEL = r"[^\W_](?:(?:[^\W_]|-){0,61}[^\W_])?"
EMAIL_RE = re.compile(
    rf"(?=[^@]{{1,64}}@){_LOCAL_CHAR}+(?:\.{_LOCAL_CHAR}+)*@(?:{_LABEL}\.)+[^\W\d_]{{2,63}}"
)


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


def _contact_text(kind: str, raw: Any, field: str) -> str:
    """``raw`` trimmed, or ``InvalidValue`` for a non-text, a control or an invisible format character."""
    what = "Phone" if kind == "phone" else "Email"
    if not isinstance(raw, str):
        raise InvalidValue(f"{what} must be text, not {shown(raw)}.", field=field, value=raw)
    text = raw.strip()
    limit = MAX_PHONE_TEXT if kind == "phone" else 4 * MAX_EMAIL
    if len(text) > limit:
        raise InvalidValue(f"{what} {shown(text)} is longer than {limit} characters.", field=field, value=raw)
    char = hidden_char(text)
    if char is not None:
        raise InvalidValue(
            f"{what} {shown(text)} must not contain a control or invisible formatting character ({char}).",
            field=field,
            value=raw,
        )
    return text


def normalize_phone(raw: str, country: str | None = None, *, field: str = "phone") -> str:
    """The E.164 form of one phone number (``+385911234567``).

    Args:
        raw: the number as typed; the whole text is one number (at most 100 characters,
            no control or invisible formatting character).
        country: ISO region for national numbers (e.g. ``HR``), or None.
        field: the field name used in the error message.

    Raises:
        InvalidValue: the text is not one valid number.
    """
    text = _contact_text("phone", raw, field)
    if not text:
        raise InvalidValue("Phone must not be empty.", field=field, value=raw)
    value = valid_e164(text, country or None)  # phonenumbers decides (``phone_parsing``)
    if value is None:
        reason = phone_error(text, country) or "is not a valid phone number"
        raise InvalidValue(f"Phone {text!r} {reason}.", field=field, value=raw)
    return value


def email_error(address: str) -> str | None:
    """Why ``address`` (already in its stored form, see ``email_form``) is not a valid email, or None."""
    if len(address) > MAX_EMAIL:
        return f"is longer than {MAX_EMAIL} characters"
    if address.count("@") != 1:
        return "must contain exactly one @"
    local, domain = address.split("@")
    if not 1 <= len(local) <= MAX_LOCAL:
        return f"needs a local part of 1 to {MAX_LOCAL} characters before the @"
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
        if len(label) > MAX_LABEL:
            return f"has a domain part longer than {MAX_LABEL} characters"
    if len(labels[-1]) < 2 or not labels[-1].isalpha():
        return "needs a domain ending in two or more letters"
    return None


def email_form(text: str) -> str:
    """The form emails are compared and stored in: NFKC-normalised (full-width ``ＡＢＣ``
    becomes ``ABC``), trimmed and lower-cased."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return text.strip().lower()


def normalize_email(raw: str, *, field: str = "email") -> str:
    """The stored form of an email (``email_form``), checked for syntax only.

    Raises:
        InvalidValue: the address is not text, holds a control or invisible formatting
            character, or breaks the syntax rule of SPEC 2.1 (with at most 64 characters
            before the @, 63 in each part of the domain and 254 in all).
    """
    address = email_form(_contact_text("email", raw, field))
    if len(address) <= MAX_EMAIL and EMAIL_RE.fullmatch(address):
        return address
    if not address:
        raise InvalidValue("Email must not be empty.", field=field, value=raw)
    char = hidden_char(address)  # NFKC can make one (U+2028 in a compatibility form...)
    reason = (
        f"must not contain a control or invisible formatting character ({char})"
        if char is not None
        else email_error(address) or "is not a valid email address"
    )
    raise InvalidValue(f"Email {shown(address)} {reason}.", field=field, value=raw)


def is_valid_region(code: str) -> bool:
    """True when ``code`` is a region phonenumbers knows (``HR``, ``US``...)."""
    return code.upper() in phonenumbers.SUPPORTED_REGIONS


def clean_contacts(kind: str, values: Iterable[Any], country: str | None) -> list[str]:
    """Normalised, de-duplicated phones (E.164) or emails (``email_form``), in the given order."""
    result: list[str] = []
    for raw in values:
        value = normalize_phone(raw, country) if kind == "phone" else normalize_email(raw)
        if value not in result:
            result.append(value)
    return result

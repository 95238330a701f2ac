"""Store settings: the default phone country and the zip bound, kept in the database."""

from __future__ import annotations

from dataclasses import dataclass

from . import contact_rules
from .arguments import MAX_INTEGER
from .errors import InvalidValue, NotFound
from .models import Setting


@dataclass(frozen=True)
class SettingSpec:
    """A known setting: its key, description and default (as text)."""

    key: str
    description: str
    default: str


SPECS = {
    spec.key: spec
    for spec in (
        SettingSpec(
            "default_country",
            "Region for phone numbers written without +country code (e.g. HR); empty: none",
            "",
        ),
        SettingSpec(
            "zip_max_uncompressed",
            "Largest uncompressed size in bytes read from a .zip import",
            str(1 << 30),
        ),
    )
}


def _spec(key: str) -> SettingSpec:
    normalised = key.strip().lower().replace("-", "_")
    spec = SPECS.get(normalised)
    if spec is None:
        raise NotFound(
            f"There is no setting {key!r}; known settings: {', '.join(k.replace('_', '-') for k in SPECS)}.",
            field="setting",
            value=key,
        )
    return spec


def _clean(spec: SettingSpec, value: str) -> str:
    text = value.strip()
    if spec.key == "default_country" and text:
        text = text.upper()
        if not contact_rules.is_valid_region(text):
            raise InvalidValue(
                f"Default country {value!r} is not a region code phonenumbers knows (e.g. HR, US, DE).",
                field="default_country",
                value=value,
            )
    if spec.key == "zip_max_uncompressed" and not _positive_integer(text):
        shown = repr(value if len(value) <= 40 else value[:37] + "...")
        raise InvalidValue(
            f"zip-max-uncompressed {shown} must be a positive number of bytes, at most {MAX_INTEGER}.",
            field=spec.key,
            value=value,
        )
    if spec.key == "zip_max_uncompressed":
        text = str(int(text.lstrip("0")))  # kept as its number: ``007`` is 7
    return text


def _positive_integer(text: str) -> bool:
    """True for ASCII digits of a number from 1 to the database's largest integer."""
    digits = text.lstrip("0")
    return (
        text.isascii()
        and text.isdigit()
        and len(digits) <= len(str(MAX_INTEGER))
        and 0 < int(digits or 0) <= MAX_INTEGER
    )


def get_setting(key: str) -> str:
    """The value of a setting as text (its default when never set)."""
    spec = _spec(key)
    row = Setting.get_or_none(Setting.key == spec.key)
    return row.value if row else spec.default


def all_settings() -> dict[str, str]:
    """Every known setting with its current value."""
    stored = {row.key: row.value for row in Setting.select()}
    return {key: stored.get(key, spec.default) for key, spec in SPECS.items()}


def set_setting(key: str, value: str) -> str:
    """Set a setting after checking the value; returns the stored value."""
    spec = _spec(key)
    text = _clean(spec, value)
    Setting.insert(key=spec.key, value=text).on_conflict(
        conflict_target=[Setting.key], update={Setting.value: text}
    ).execute()
    return text


def default_country() -> str | None:
    """The default region for national phone numbers, or None when unset."""
    return get_setting("default_country") or None

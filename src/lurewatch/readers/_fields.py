"""Checking one record's fields, with reasons that name the field but never quote its value."""

from __future__ import annotations

import json
import math
import re
from datetime import datetime, time
from typing import Any

__all__ = [
    "RowError",
    "as_id",
    "check_text",
    "get_id",
    "get_int",
    "get_opt_str",
    "get_str",
    "get_str_list",
    "is_iso_time",
    "loads_object",
]


_SURROGATE = re.compile("[\ud800-\udfff]")
_TIME = r"\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?"
_ISO_TIME = re.compile(rf"\d{{4}}-\d{{2}}-\d{{2}}(?:[T ]{_TIME})?|{_TIME}", re.ASCII)
"""ISO 8601 in its extended form: fromisoformat alone also takes "2024" or "1700000000" as
times of day (20:24, 17:00), which would pass a year or a Unix time off as a time."""


class RowError(Exception):
    """One record is bad; `reason` is safe to log (no message text)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _type_name(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _no_constants(name: str) -> float:
    raise ValueError(f"{name} is not valid JSON")


def loads_object(text: str) -> dict[str, Any]:
    """Parse one JSON line that must hold an object."""
    try:
        value = json.loads(text, parse_constant=_no_constants)
    except json.JSONDecodeError as e:
        raise RowError(f"malformed JSON ({e.msg} at column {e.colno})") from None
    except (ValueError, RecursionError):
        raise RowError("malformed JSON (NaN, Infinity or nesting too deep)") from None
    if not isinstance(value, dict):
        raise RowError(f"expected a JSON object, got {_type_name(value)}")
    return value


def _missing(key: str) -> RowError:
    return RowError(f"missing required field '{key}'")


def _wrong(key: str, want: str, value: object) -> RowError:
    return RowError(f"field '{key}' must be {want}, got {_type_name(value)}")


def check_text(value: str, what: str) -> str:
    """`value`, if it is valid Unicode (`what` names it in the error, e.g. "field 'text'").

    A JSON escape can hold half of a surrogate pair ("\\ud800"), which no UTF-8 output can
    write: it would crash whatever prints or stores the text later, far from its line.
    """
    if not value.isascii() and _SURROGATE.search(value):
        raise RowError(f"{what} holds an unpaired surrogate, which is not valid Unicode")
    return value


def get_str(rec: dict[str, Any], key: str, *, allow_empty: bool = True) -> str:
    """A required string field."""
    if key not in rec:
        raise _missing(key)
    value = rec[key]
    if not isinstance(value, str):
        raise _wrong(key, "a string", value)
    if not allow_empty and not value.strip():
        raise RowError(f"field '{key}' is empty")
    return check_text(value, f"field '{key}'")


def get_opt_str(rec: dict[str, Any], key: str) -> str | None:
    """An optional string field: missing or null gives None."""
    value = rec.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _wrong(key, "a string or null", value)
    return check_text(value, f"field '{key}'")


def as_id(key: str, value: object) -> str:
    """An identifier: a non-empty string, or a JSON number converted to a string."""
    if isinstance(value, bool):
        raise _wrong(key, "a string or number", value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _wrong(key, "a string or number", value)
        return str(int(value)) if value.is_integer() else repr(value)
    if not isinstance(value, str):
        raise _wrong(key, "a string or number", value)
    if not value.strip():
        raise RowError(f"field '{key}' is empty")
    if "\0" in value:
        raise RowError(f"field '{key}' holds a NUL character")
    return check_text(value, f"field '{key}'")


def get_id(rec: dict[str, Any], key: str) -> str:
    """A required identifier field (see `as_id`)."""
    if key not in rec:
        raise _missing(key)
    return as_id(key, rec[key])


def get_int(rec: dict[str, Any], key: str, choices: frozenset[int] | None = None) -> int:
    """A required integer field, optionally restricted to `choices`."""
    if key not in rec:
        raise _missing(key)
    value = rec[key]
    if isinstance(value, bool) or not isinstance(value, int):
        raise _wrong(key, "an integer", value)
    if choices is not None and value not in choices:
        allowed = ", ".join(str(c) for c in sorted(choices))
        raise RowError(f"field '{key}' must be one of {allowed}")
    return value


def get_str_list(rec: dict[str, Any], key: str, *, required: bool = True) -> list[str]:
    """A list of strings; an optional one may be missing or null (empty list)."""
    if key not in rec or rec[key] is None:
        if required:
            raise _missing(key)
        return []
    value = rec[key]
    if not isinstance(value, list):
        raise _wrong(key, "an array of strings", value)
    for i, item in enumerate(value):
        if not isinstance(item, str):
            raise RowError(f"field '{key}' item {i + 1} must be a string, got {_type_name(item)}")
        check_text(item, f"field '{key}' item {i + 1}")
    return value


def is_iso_time(value: str) -> bool:
    """Whether `value` is an ISO-8601 date-time, date or time of day (`HH:MM[:SS[.fff]]`)."""
    if not _ISO_TIME.fullmatch(value):
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        try:
            time.fromisoformat(value)
        except ValueError:
            return False
    return True

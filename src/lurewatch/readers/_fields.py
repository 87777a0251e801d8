"""Checking one record's fields, with reasons that name the field but never quote its value."""

from __future__ import annotations

import json
import math
from datetime import datetime, time
from typing import Any

__all__ = [
    "RowError",
    "as_id",
    "get_id",
    "get_int",
    "get_opt_str",
    "get_str",
    "get_str_list",
    "is_iso_time",
    "loads_object",
]


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


def get_str(rec: dict[str, Any], key: str, *, allow_empty: bool = True) -> str:
    """A required string field."""
    if key not in rec:
        raise _missing(key)
    value = rec[key]
    if not isinstance(value, str):
        raise _wrong(key, "a string", value)
    if not allow_empty and not value.strip():
        raise RowError(f"field '{key}' is empty")
    return value


def get_opt_str(rec: dict[str, Any], key: str) -> str | None:
    """An optional string field: missing or null gives None."""
    value = rec.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _wrong(key, "a string or null", value)
    return value


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
    return value


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
    return value


def is_iso_time(value: str) -> bool:
    """Whether `value` is an ISO-8601 date-time, date or time of day."""
    try:
        datetime.fromisoformat(value)
    except ValueError:
        try:
            time.fromisoformat(value)
        except ValueError:
            return False
    return True

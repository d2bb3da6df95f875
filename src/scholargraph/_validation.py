"""One way to check the parameters of public functions, with one message shape (scikit-learn's)::

    The 'top' parameter of write_report must be an int >= 1, got 0.

Every failed check raises :class:`~scholargraph.errors.ConfigError` (a ValueError; CLI exit code 2).

>>> check_int(3, "top", "write_report", low=1)
3
>>> check_int(0, "top", "write_report", low=1)
Traceback (most recent call last):
...
scholargraph.errors.ConfigError: The 'top' parameter of write_report must be an int >= 1, got 0.
>>> check_choice("weekly", "period", "trends", ("year", "month"))
Traceback (most recent call last):
...
scholargraph.errors.ConfigError: The 'period' parameter of trends must be one of 'year', 'month', got 'weekly'.
>>> check_options({"listng_date": "2025-01-01"}, ("listing_date", "mapping"), "read")
Traceback (most recent call last):
...
scholargraph.errors.ConfigError: The 'listng_date' parameter of read is not an option of any reader (did you mean 'listing_date'?); options: 'listing_date', 'mapping'.
"""

from __future__ import annotations

import difflib
import math
import numbers
from collections.abc import Collection, Iterable
from typing import Any

from .errors import ConfigError

__all__ = [
    "fail",
    "check_int",
    "check_number",
    "check_choice",
    "check_bool",
    "check_instance",
    "check_options",
]


def fail(name: str, owner: str, what: str, value: Any, hint: str | None = None) -> ConfigError:
    """The ConfigError for parameter ``name`` of ``owner`` that must be ``what`` but is ``value`` (raise it)."""
    text = f"The {name!r} parameter of {owner} must be {what}, got {value!r}."
    return ConfigError(text + (f" {hint}" if hint else ""))


def _range(low: float | None, high: float | None, low_open: bool = False) -> str:
    parts = []
    if low is not None:
        parts.append(f"{'>' if low_open else '>='} {low}")
    if high is not None:
        parts.append(f"<= {high}")
    return (" " + " and ".join(parts)) if parts else ""


def check_int(
    value: Any,
    name: str,
    owner: str,
    *,
    low: int | None = None,
    high: int | None = None,
    none_ok: bool = False,
) -> Any:
    """``value`` if it is an int (not a bool) in [low, high] (or None when ``none_ok``); else ConfigError."""
    if value is None and none_ok:
        return value
    ok = isinstance(value, numbers.Integral) and not isinstance(value, bool)
    if ok and ((low is not None and value < low) or (high is not None and value > high)):
        ok = False
    if not ok:
        what = "an int" + _range(low, high) + (" or None" if none_ok else "")
        raise fail(name, owner, what, value)
    return value


def check_number(
    value: Any,
    name: str,
    owner: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    none_ok: bool = False,
) -> Any:
    """``value`` if it is a finite real number (not a bool) in the range (``low_open``: > low); else ConfigError."""
    if value is None and none_ok:
        return value
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value)
    if ok and low is not None and (value <= low if low_open else value < low):
        ok = False
    if ok and high is not None and value > high:
        ok = False
    if not ok:
        what = "a number" + _range(low, high, low_open) + (" or None" if none_ok else "")
        raise fail(name, owner, what, value)
    return value


def check_choice(value: Any, name: str, owner: str, allowed: Iterable[Any]) -> Any:
    """``value`` if it is one of ``allowed``; else ConfigError listing them (and the close match of a string)."""
    allowed = tuple(allowed)
    if value in allowed:
        return value
    hint = None
    if isinstance(value, str):
        close = difflib.get_close_matches(value, [a for a in allowed if isinstance(a, str)], n=1)
        hint = f"Did you mean {close[0]!r}?" if close else None
    raise fail(name, owner, "one of " + ", ".join(map(repr, allowed)), value, hint)


def check_bool(value: Any, name: str, owner: str, *, none_ok: bool = False) -> Any:
    """``value`` if it is True or False (or None when ``none_ok``); else ConfigError."""
    if isinstance(value, bool) or (value is None and none_ok):
        return value
    raise fail(name, owner, "True or False" + (" or None" if none_ok else ""), value)


def check_instance(value: Any, name: str, owner: str, types: type | tuple[type, ...], what: str) -> Any:
    """``value`` if it is an instance of ``types`` (described as ``what``); else ConfigError naming its type."""
    if isinstance(value, types):
        return value
    raise ConfigError(f"The {name!r} parameter of {owner} must be {what}, got a {type(value).__name__}.")


def check_options(
    given: Collection[str], accepted: Iterable[str], owner: str, *, what: str = "an option of any reader"
) -> None:
    """ConfigError for the first of ``given`` not in ``accepted``, naming the close match and the options."""
    accepted = sorted(set(accepted))
    for name in given:
        if name in accepted:
            continue
        close = difflib.get_close_matches(name, accepted, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        listed = ", ".join(map(repr, accepted)) or "none"
        raise ConfigError(f"The {name!r} parameter of {owner} is not {what}{hint}; options: {listed}.")

"""Cells of CSV / TSV files meant for people, made safe to open in a spreadsheet (OWASP's CSV-injection rule): a
text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe, so
Excel, LibreOffice and Google Sheets show it as text instead of running it as a formula. Numbers stay numbers.
Machine formats (the store's JSON tables, neo4j-admin CSV) keep the raw value.

>>> spreadsheet_safe("=HYPERLINK(\\"http://x\\")"), spreadsheet_safe("-0.5"), spreadsheet_safe("graph")
('\\'=HYPERLINK("http://x")', "'-0.5", 'graph')
"""

from __future__ import annotations

from typing import Any

__all__ = ["spreadsheet_safe", "safe_frame"]

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """``text`` with a leading apostrophe when a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(_TRIGGERS) else text


def safe_frame(df: Any) -> Any:
    """A copy of a pandas DataFrame whose text cells (object columns holding strings) are :func:`spreadsheet_safe`;
    numeric columns and non-string objects (lists, None) are left as they are."""
    from pandas.api.types import is_numeric_dtype

    out = df.copy()
    for col in out.columns:
        if not is_numeric_dtype(out[col].dtype) and any(isinstance(v, str) for v in out[col]):
            out[col] = [spreadsheet_safe(v) if isinstance(v, str) else v for v in out[col]]
    return out

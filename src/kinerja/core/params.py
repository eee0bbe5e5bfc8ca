"""Parsing of query-string parameters that must never turn bad input into a 500."""

from __future__ import annotations


def query_id(value: str | None) -> int | None:
    """A positive database id from a query parameter, or None for anything else.

    ``str.isdigit`` alone accepts "²" and other Unicode digits that ``int`` refuses, and a very long
    number overflows the database's 64-bit integer; both must read as "no id".
    """
    if not value or not value.isascii() or not value.isdigit() or len(value) > 18:
        return None
    number = int(value)
    return number or None

"""Grade normalisation for imports (INT-8): "III.b", "IIIb", "Penata Muda Tk.I" → "III/b"."""

from __future__ import annotations

import re

_PANGKAT = {
    "juru muda": "I/a", "juru muda tingkat i": "I/b", "juru": "I/c", "juru tingkat i": "I/d",
    "pengatur muda": "II/a", "pengatur muda tingkat i": "II/b", "pengatur": "II/c",
    "pengatur tingkat i": "II/d", "penata muda": "III/a", "penata muda tingkat i": "III/b",
    "penata": "III/c", "penata tingkat i": "III/d", "pembina": "IV/a", "pembina tingkat i": "IV/b",
    "pembina utama muda": "IV/c", "pembina utama madya": "IV/d", "pembina utama": "IV/e",
}
_ROMAN_LETTER = re.compile(r"^(IV|III|II|I)\s*[/.\-]?\s*([A-Ea-e])$")
_PPPK = re.compile(r"^(XVII|XVI|XV|XIV|XIII|XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)$")


def normalise_grade(raw: str, employee_type: str) -> str | None:
    """The canonical grade code, or None when the value cannot be mapped."""
    text = " ".join((raw or "").strip().split())
    if not text:
        return None
    if employee_type == "PPPK":
        match = _PPPK.match(text.upper())
        return match.group(1) if match else None
    match = _ROMAN_LETTER.match(text.upper() if len(text) <= 6 else text)
    if match:
        return f"{match.group(1).upper()}/{match.group(2).lower()}"
    # Pangkat names, possibly abbreviated "Tk.I" / "Tk. I" and followed by "(III/b)".
    name = re.sub(r"\(.*\)", "", text).lower()
    name = re.sub(r"\btk\.?\s*", "tingkat ", name)
    name = " ".join(name.replace(",", " ").split())
    return _PANGKAT.get(name)

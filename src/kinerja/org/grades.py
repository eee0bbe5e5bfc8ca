"""Grade normalisation for imports (INT-8): "III.b", "IIIb", "Penata Muda Tk.I" → "III/b"."""

from __future__ import annotations

import re
from typing import Any

# REF-11: the 17 PNS golongan/ruang with their pangkat, in order.
PNS_GRADES = [
    ("I/a", "Juru Muda"),
    ("I/b", "Juru Muda Tingkat I"),
    ("I/c", "Juru"),
    ("I/d", "Juru Tingkat I"),
    ("II/a", "Pengatur Muda"),
    ("II/b", "Pengatur Muda Tingkat I"),
    ("II/c", "Pengatur"),
    ("II/d", "Pengatur Tingkat I"),
    ("III/a", "Penata Muda"),
    ("III/b", "Penata Muda Tingkat I"),
    ("III/c", "Penata"),
    ("III/d", "Penata Tingkat I"),
    ("IV/a", "Pembina"),
    ("IV/b", "Pembina Tingkat I"),
    ("IV/c", "Pembina Utama Muda"),
    ("IV/d", "Pembina Utama Madya"),
    ("IV/e", "Pembina Utama"),
]
# REF-12: PPPK golongan I–XVII (default list).
PPPK_GRADES = [
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
    "XIII",
    "XIV",
    "XV",
    "XVI",
    "XVII",
]


def ensure_grades(grade_model: Any = None) -> None:
    """Create the system grade rows when missing (the migration and test set-up call this)."""
    if grade_model is None:
        from kinerja.org.models import Grade as grade_model
    if grade_model.objects.count() == len(PNS_GRADES) + len(PPPK_GRADES):
        return
    for order, (code, pangkat) in enumerate(PNS_GRADES, start=1):
        grade_model.objects.update_or_create(
            employee_type="PNS", code=code, defaults={"pangkat": pangkat, "order": order}
        )
    for order, code in enumerate(PPPK_GRADES, start=1):
        grade_model.objects.update_or_create(
            employee_type="PPPK", code=code, defaults={"pangkat": "", "order": order}
        )


_PANGKAT = {
    "juru muda": "I/a",
    "juru muda tingkat i": "I/b",
    "juru": "I/c",
    "juru tingkat i": "I/d",
    "pengatur muda": "II/a",
    "pengatur muda tingkat i": "II/b",
    "pengatur": "II/c",
    "pengatur tingkat i": "II/d",
    "penata muda": "III/a",
    "penata muda tingkat i": "III/b",
    "penata": "III/c",
    "penata tingkat i": "III/d",
    "pembina": "IV/a",
    "pembina tingkat i": "IV/b",
    "pembina utama muda": "IV/c",
    "pembina utama madya": "IV/d",
    "pembina utama": "IV/e",
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

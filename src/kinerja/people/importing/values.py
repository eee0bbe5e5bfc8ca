"""Cell normalisers (INT-8): known variants become codes before validation; the rest is refused.

Each function takes the raw cell (text from a CSV, or whatever openpyxl read from an XLSX) and
returns the canonical value or raises ``CellError`` with the rule id and an Indonesian message.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.org.choices import PelaksanaGroup, PositionLevel, PositionType, UnitKind
from kinerja.org.models import EmployeeType
from kinerja.people.choices import AssignmentKind, EmployeeStatus
from kinerja.people.nip import normalise_nip

# Integers above this are not exact in a spreadsheet (IEEE double): an 18-digit NIP typed as a
# number has already lost its last digits by the time it reaches us.
EXACT_FLOAT_LIMIT = 2**53


class CellError(ValueError):
    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message


def text(raw: Any) -> str:
    if raw is None:
        return ""
    if isinstance(raw, str):
        if "\x00" in raw:  # PostgreSQL cannot store it; refuse it as bad input
            raise CellError("INT-8", _("Sel berisi karakter NUL."))
        return raw.strip()
    if isinstance(raw, bool):
        return "ya" if raw else "tidak"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, dt.datetime) and raw.time() == dt.time(0):
        return raw.date().isoformat()
    if isinstance(raw, dt.date):
        return raw.isoformat()
    return str(raw).strip()


def bounded(max_length: int, *, required: bool = False) -> Callable[[Any], str]:
    """The parser of a text column: stripped, ``required`` or not, at most ``max_length`` long.

    A column parser runs once per cell (about 600,000 times for a 100,000-row employee file);
    the usual cell, a str from the CSV reader, is handled here without the two nested calls.
    """

    def parse(raw: Any) -> str:
        # text(raw) for anything but a plain str without NUL (None, numbers, dates, NUL)
        value = raw.strip() if raw.__class__ is str and "\x00" not in raw else text(raw)
        if not value:
            if required:
                raise CellError("INT-8", _("Wajib diisi."))
            return value
        if len(value) > max_length:
            raise CellError(
                "INT-8", _("Terlalu panjang: paling banyak %(n)s karakter.") % {"n": max_length}
            )
        return value

    def many(cells: list[Any]) -> list[str] | None:
        """A column of clean text at once, or None when any cell needs ``parse`` itself."""
        if set(map(type, cells)) != {str}:
            return None
        values = [cell.strip() for cell in cells]
        if "\x00" in "".join(values) or (required and not all(values)):
            return None
        if max(map(len, values)) > max_length:
            return None
        return values

    parse.many = many  # type: ignore[attr-defined]
    return parse


_TRUE = {"ya", "y", "yes", "true", "benar", "1", "x", "v"}
_FALSE = {"tidak", "t", "no", "n", "false", "salah", "0", "bukan"}


def boolean(raw: Any, default: bool) -> bool:
    if isinstance(raw, bool):
        return raw
    value = text(raw).casefold()
    if not value:
        return default
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise CellError("INT-8", _('Nilai "%(value)s" harus ya atau tidak (1/0).') % {"value": value})


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")


def date(raw: Any, *, required: bool = False) -> dt.date | None:
    """ISO YYYY-MM-DD, DD-MM-YYYY (also with / or .), or a real spreadsheet date."""
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    value = text(raw)
    if not value:
        if required:
            raise CellError("INT-8", _("Tanggal wajib diisi."))
        return None
    parts: tuple[str, str, str] | None = None
    if match := _ISO.match(value):
        parts = (match.group(1), match.group(2), match.group(3))
    elif match := _DMY.match(value):
        parts = (match.group(3), match.group(2), match.group(1))
    if parts is not None:
        try:
            return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
        except ValueError:
            pass
    raise CellError(
        "INT-8",
        _('Tanggal "%(value)s" tidak sah; gunakan YYYY-MM-DD atau DD-MM-YYYY.') % {"value": value},
    )


def nip(raw: Any) -> str:
    """ID-1: the NIP as text. A number that may have lost digits is refused, never guessed."""
    if isinstance(raw, bool):
        raise CellError("ID-1", _("NIP harus terdiri dari tepat 18 angka."))
    if isinstance(raw, float):
        if not raw.is_integer() or abs(raw) > EXACT_FLOAT_LIMIT:
            raise CellError(
                "ID-1",
                _(
                    "NIP tersimpan sebagai angka sehingga digit terakhirnya hilang. "
                    "Format kolom NIP sebagai teks lalu ketik ulang NIP."
                ),
            )
        return str(int(raw))
    if isinstance(raw, int):
        return str(raw)
    value = normalise_nip(text(raw)).lstrip("'")
    # The usual NIP is all digits, which the pattern (it needs an "e") cannot match.
    if not value.isdigit() and _SCIENTIFIC.fullmatch(value):
        raise CellError(
            "ID-1",
            _(
                "NIP tertulis dalam notasi ilmiah (%(value)s) sehingga digitnya "
                "hilang. Format kolom NIP sebagai teks."
            )
            % {"value": value},
        )
    return value


def _nips(cells: list[Any]) -> list[str] | None:
    """A column of text NIPs at once (as ``nip``), or None when any cell needs ``nip`` itself."""
    if set(map(type, cells)) != {str}:
        return None
    values = [normalise_nip(cell.strip()).lstrip("'") for cell in cells]
    # All digits: no NUL and nothing the scientific-notation check could catch.
    return values if all(map(str.isdigit, values)) else None


nip.many = _nips  # type: ignore[attr-defined]


def _eager(validator: EmailValidator) -> EmailValidator:
    """The same validator with its lazily compiled patterns resolved once (a hot path)."""
    for name in ("user_regex", "domain_regex", "literal_regex"):
        pattern = getattr(validator, name)
        setattr(validator, name, re.compile(pattern.pattern, pattern.flags))
    return validator


_validate_email = _eager(EmailValidator())
# A file repeats a few domains; the domain pattern is the costly half of each email check and a
# pure function of the domain, so its answer per domain is kept (one validator, one process).
_validate_email.validate_domain_part = functools.lru_cache(maxsize=256)(  # type: ignore[method-assign]
    _validate_email.validate_domain_part
)
_email_text = bounded(254)
_SCIENTIFIC = re.compile(r"\d(\.\d+)?[eE]\+?\d+")


def _emails(cells: list[Any]) -> list[str] | None:
    """A column of clean addresses at once, or None when any needs ``email`` itself."""
    values = _email_text.many(cells)  # type: ignore[attr-defined]
    if values is None:
        return None
    validate = _validate_email
    try:
        for value in values:
            if value:
                validate(value)
    except ValidationError:
        return None
    return values


def email(raw: Any) -> str:
    value = _email_text(raw)
    if value:
        try:
            _validate_email(value)
        except ValidationError as error:
            raise CellError(
                "INT-8", _('Alamat surel "%(value)s" tidak sah.') % {"value": value}
            ) from error
    return value


email.many = _emails  # type: ignore[attr-defined]


_KEY_NOISE = re.compile(r"[\s_\-./()]+")


def _key(value: str) -> str:
    return _KEY_NOISE.sub(" ", value.casefold()).strip()


class Choices:
    """Codes of one list, with their labels and known variants, matched case-insensitively."""

    def __init__(
        self,
        rule: str,
        what: Any,
        pairs: Iterable[tuple[str, Any]],
        aliases: dict[str, str] | None = None,
    ) -> None:
        self.rule = rule
        self.what = what
        self._pairs = list(pairs)
        self._aliases = aliases or {}
        self._lookup: dict[str, str] | None = None
        self._seen: dict[str, str] = {}
        self._seen_raw: dict[str, str] = {}  # the same, by the cell as read (before strip)

    @property
    def lookup(self) -> dict[str, str]:
        # Built on first use: the labels are lazy translations, read in Indonesian.
        if self._lookup is None:
            lookup: dict[str, str] = {}
            with translation.override("id"):
                for code, label in self._pairs:
                    lookup[_key(code)] = code
                    lookup[_key(str(label))] = code
            for alias, code in self._aliases.items():
                lookup[_key(alias)] = code
            self._lookup = lookup
        return self._lookup

    def code(self, raw: Any, default: str | None = None) -> str:
        # Once per cell of a choice column: a spelling already mapped is answered first.
        # Only non-empty cells are kept, so the default never comes from here.
        if raw.__class__ is str:
            found = self._seen_raw.get(raw)
            if found is not None:
                return found
        value = text(raw)
        if not value and default is not None:
            return default
        # A file repeats the same few spellings; remember each one already mapped.
        found = self._seen.get(value)
        if found is None:
            found = self.lookup.get(_key(value))
            if found is not None and len(self._seen) < 1000:
                self._seen[value] = found
        if found is not None and value and raw.__class__ is str and len(self._seen_raw) < 1000:
            self._seen_raw[raw] = found
        if found is None:
            raise CellError(
                self.rule,
                _('%(what)s "%(value)s" tidak dikenal.') % {"what": self.what, "value": value},
            )
        return found


UNIT_KINDS = Choices(
    "INT-8",
    gettext_lazy("Jenis unit"),
    UnitKind.choices,
    {
        "bagian": "DIVISION",
        "bidang": "DIVISION",
        "subbagian": "SUBDIVISION",
        "seksi": "SUBDIVISION",
        "subbidang": "SUBDIVISION",
        "upt": "SERVICE_UNIT",
        "uptd": "SERVICE_UNIT",
        "unit pelaksana teknis": "SERVICE_UNIT",
        "kantor": "OFFICE",
    },
)
POSITION_TYPES = Choices(
    "REF-13",
    gettext_lazy("Jenis jabatan"),
    PositionType.choices,
    {
        "jabatan administrasi": "JA",
        "administrasi": "JA",
        "jf keahlian": "JF_KEAHLIAN",
        "fungsional keahlian": "JF_KEAHLIAN",
        "jf keterampilan": "JF_KETERAMPILAN",
        "fungsional keterampilan": "JF_KETERAMPILAN",
        "pimpinan tinggi": "JPT",
    },
)
POSITION_LEVELS = Choices(
    "REF-13",
    gettext_lazy("Jenjang jabatan"),
    PositionLevel.choices,
    {
        "eselon iii": "ADMINISTRATOR",
        "eselon 3": "ADMINISTRATOR",
        "eselon iv": "PENGAWAS",
        "eselon 4": "PENGAWAS",
        "jpt utama": "UTAMA",
        "jpt madya": "MADYA",
        "jpt pratama": "PRATAMA",
    },
)
PELAKSANA_GROUPS = Choices("REF-14", gettext_lazy("Kelompok pelaksana"), PelaksanaGroup.choices)
EMPLOYEE_TYPES = Choices(
    "ID-7",
    gettext_lazy("Jenis pegawai"),
    EmployeeType.choices,
    {
        "p3k": "PPPK",
        "pegawai negeri sipil": "PNS",
        "pegawai pemerintah dengan perjanjian kerja": "PPPK",
    },
)
EMPLOYEE_STATUSES = Choices(
    "REF-16",
    gettext_lazy("Status pegawai"),
    EmployeeStatus.choices,
    {
        "tugas belajar": "STUDY_LEAVE",
        "tb": "STUDY_LEAVE",
        "pejabat negara": "STATE_OFFICIAL",
        "cuti di luar tanggungan negara": "UNPAID_LEAVE",
        "mpp": "PRE_RETIREMENT",
        "nonaktif": "INACTIVE",
        "non aktif": "INACTIVE",
    },
)
ASSIGNMENT_KINDS = Choices(
    "INT-8",
    gettext_lazy("Jenis penugasan"),
    AssignmentKind.choices,
    {
        "def": "DEFINITIVE",
        "plt": "PLT",
        "pelaksana tugas": "PLT",
        "plh": "PLH",
        "pelaksana harian": "PLH",
    },
)

LEGACY_POSITION_LABELS = {"struktural", "fungsional umum", "fungsional tertentu"}


def position_type(raw: Any) -> str:
    """REF-13; the pre-2014 labels (REF-14) need the HR mapping table, so they are refused here."""
    if _key(text(raw)) in LEGACY_POSITION_LABELS:
        raise CellError(
            "REF-14",
            _(
                'Label lama "%(value)s" tidak dapat dipetakan otomatis; '
                "isi jenis jabatan saat ini (JPT, JA, JF_KEAHLIAN, "
                "JF_KETERAMPILAN)."
            )
            % {"value": text(raw)},
        )
    return POSITION_TYPES.code(raw)

"""Realistic, deterministic people for the demo and for synthetic data.

A person is drawn for a *profile* (position level, field, education, PNS or PPPK): age, birth
date, TMT CPNS and grade follow the profile, so a Kepala Dinas is in his fifties with IV/c and a
new Guru Ahli Pertama is in her late twenties with III/a. Every number has the layout of
``kinerja.people.nip.build_nip`` (the tests check they agree and that ``parse_nip`` accepts it)
and is unique (ID-9) within the allocator it came from. Only the ``random.Random`` instance
passed in is used, so the same seed gives the same people.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from dataclasses import dataclass

from kinerja.demo import names

REFERENCE_YEAR = 2026  # ages are set relative to the demo year, not to today (determinism)

PNS_GRADES = (
    "I/a",
    "I/b",
    "I/c",
    "I/d",
    "II/a",
    "II/b",
    "II/c",
    "II/d",
    "III/a",
    "III/b",
    "III/c",
    "III/d",
    "IV/a",
    "IV/b",
    "IV/c",
    "IV/d",
    "IV/e",
)
# (youngest, oldest) age in the reference year for each position level.
AGES = {
    "UTAMA": (52, 59),
    "MADYA": (50, 58),
    "PRATAMA": (46, 57),
    "ADMINISTRATOR": (42, 55),
    "PENGAWAS": (35, 52),
    "PELAKSANA": (23, 56),
    "AHLI_PERTAMA": (25, 38),
    "AHLI_MUDA": (34, 50),
    "AHLI_MADYA": (44, 57),
    "AHLI_UTAMA": (52, 60),
    "PEMULA": (21, 28),
    "TERAMPIL": (24, 42),
    "MAHIR": (33, 48),
    "PENYELIA": (42, 55),
}
# (lowest, highest) index into PNS_GRADES that suits the level (seniority inside the band).
GRADE_BANDS = {
    "UTAMA": (15, 16),
    "MADYA": (14, 16),
    "PRATAMA": (13, 15),
    "ADMINISTRATOR": (11, 13),
    "PENGAWAS": (9, 12),
    "PELAKSANA": (4, 10),
    "AHLI_PERTAMA": (8, 9),
    "AHLI_MUDA": (10, 11),
    "AHLI_MADYA": (12, 14),
    "AHLI_UTAMA": (14, 16),
    "PEMULA": (4, 5),
    "TERAMPIL": (6, 7),
    "MAHIR": (8, 9),
    "PENYELIA": (10, 11),
}
# Education: (entry grade index for PNS, PPPK grade, (youngest, oldest) age at entry).
EDUCATION = {
    "SMA": (4, "V", (19, 25)),
    "D3": (6, "VII", (22, 27)),
    "S1": (8, "IX", (23, 30)),
    "S2": (8, "X", (24, 30)),
    "DOCTOR": (9, "XI", (26, 31)),
}
PPPK_YEARS = (2019, 2021, 2022, 2023, 2024)
LAST_CPNS_YEAR = 2024


@dataclass(frozen=True)
class Profile:
    level: str
    field: str = "admin"
    education: str = "S1"
    employee_type: str = "PNS"
    female_share: float = 0.45


@dataclass(frozen=True)
class Person:
    nip: str
    employee_type: str
    name: str
    front_title: str
    back_title: str
    birth_date: dt.date
    gender: str
    appointed: dt.date  # TMT CPNS (PNS) or first PPPK appointment
    grade: str

    @property
    def full_name(self) -> str:
        name = f"{self.front_title} {self.name}".strip()
        return f"{name}, {self.back_title}" if self.back_title else name


class NipAllocator:
    """Hands out unique valid numbers; the sequence restarts per first 15 digits (ID-5, ID-9)."""

    def __init__(self, taken: Iterable[str] = (), first_sequence: int = 1) -> None:
        self.taken = set(taken)
        self.first_sequence = first_sequence
        self._next: dict[str, int] = {}

    def allocate(self, birth: dt.date, appointed: dt.date, gender: str, employee_type: str) -> str:
        """The same digits as ``build_nip`` with the next free sequence (formatted here: faster)."""
        middle = (
            f"{appointed.year:04d}{appointed.month:02d}"
            if employee_type == "PNS"
            else f"{appointed.year:04d}21"
        )
        prefix = (
            f"{birth.year:04d}{birth.month:02d}{birth.day:02d}{middle}"
            f"{'1' if gender == 'M' else '2'}"
        )
        sequence = self._next.get(prefix, self.first_sequence)
        while f"{prefix}{sequence:03d}" in self.taken:
            sequence += 1
        if sequence > 999:  # pragma: no cover - needs a thousand people born the same day
            raise ValueError(f"NIP sequence exhausted for {prefix}")
        self._next[prefix] = sequence + 1
        nip = f"{prefix}{sequence:03d}"
        self.taken.add(nip)
        return nip


def _birth_date(rng: random.Random, age: int) -> dt.date:
    return dt.date(REFERENCE_YEAR - age, rng.randint(1, 12), rng.randint(1, 28))


def _appointment(rng: random.Random, profile: Profile, birth: dt.date) -> dt.date:
    if profile.employee_type == "PPPK":
        years = [y for y in PPPK_YEARS if y - birth.year >= 21] or [PPPK_YEARS[-1]]
        return dt.date(rng.choice(years), rng.choice((1, 3, 4)), 1)
    low, high = EDUCATION[profile.education][2]
    year = min(birth.year + rng.randint(low, high), LAST_CPNS_YEAR)
    return dt.date(year, rng.choice((1, 2, 3, 4, 6, 12)), 1)


def _grade(profile: Profile, appointed: dt.date) -> str:
    entry, pppk_grade, _ = EDUCATION[profile.education]
    if profile.employee_type == "PPPK":
        return pppk_grade
    # Regular promotion every four years, kept inside the band of the position level.
    index = entry + (REFERENCE_YEAR - appointed.year) // 4
    low, high = GRADE_BANDS[profile.level]
    return PNS_GRADES[max(low, min(high, index))]


def _titles(rng: random.Random, profile: Profile, gender: str, birth: dt.date) -> tuple[str, str]:
    field, education = profile.field, profile.education
    front: list[str] = []
    back: list[str] = []
    if education == "D3":
        back.append(rng.choice(names.DIPLOMA.get(field, ("A.Md.",))))
    elif education == "DOCTOR":
        front.append("dr.")
        if profile.level in ("PRATAMA", "ADMINISTRATOR", "AHLI_MADYA"):
            back.append(rng.choice(names.MASTER["health"]))
    elif education in ("S1", "S2"):
        old_front = names.OLD_FRONT.get(field)
        if old_front and birth.year < 1968 and rng.random() < 0.6:
            front.append("Dra." if old_front == "Drs." and gender == "F" else old_front)
        else:
            back.append(rng.choice(names.BACHELOR[field]))
        if education == "S2":
            back.append(rng.choice(names.MASTER[field]))
    if REFERENCE_YEAR - birth.year >= 45 and rng.random() < 0.15:
        front.append("Hj." if gender == "F" else "H.")
    return " ".join(front), ", ".join(back)


def _name(rng: random.Random, gender: str, used: set[str] | None) -> str:
    first, second = (
        (names.FEMALE_FIRST, names.FEMALE_SECOND)
        if gender == "F"
        else (names.MALE_FIRST, names.MALE_SECOND)
    )
    for _attempt in range(50):
        name = f"{rng.choice(first)} {rng.choice(second)}"
        if rng.random() < 0.12:  # a middle name now and then: "Sri Endah Lestari"
            name = f"{rng.choice(first)} {name}"
        if used is None or name not in used:
            break
    if used is not None:
        used.add(name)
    return name


def make_person(
    rng: random.Random,
    profile: Profile,
    allocator: NipAllocator,
    used_names: set[str] | None = None,
) -> Person:
    """One person who fits ``profile``; draws from ``rng`` in a fixed order."""
    gender = "F" if rng.random() < profile.female_share else "M"
    age = rng.randint(*AGES[profile.level])
    if profile.employee_type == "PPPK":
        age = min(age, 45)
    birth = _birth_date(rng, age)
    appointed = _appointment(rng, profile, birth)
    front, back = _titles(rng, profile, gender, birth)
    return Person(
        nip=allocator.allocate(birth, appointed, gender, profile.employee_type),
        employee_type=profile.employee_type,
        name=_name(rng, gender, used_names),
        front_title=front,
        back_title=back,
        birth_date=birth,
        gender=gender,
        appointed=appointed,
        grade=_grade(profile, appointed),
    )


def position_start(rng: random.Random, person: Person, *, latest: dt.date) -> dt.date:
    """TMT jabatan: after the first appointment, at the latest ``latest``."""
    earliest = max(dt.date(person.appointed.year + 1, 1, 2), dt.date(2012, 1, 2))
    if person.employee_type == "PPPK":
        earliest = person.appointed
    if earliest >= latest:
        return latest if earliest > latest else earliest
    span = (latest - earliest).days
    start = earliest + dt.timedelta(days=rng.randint(0, span))
    return start.replace(day=1) if start.replace(day=1) >= earliest else start

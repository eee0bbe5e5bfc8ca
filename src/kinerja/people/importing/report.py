"""What an import found and did: bad rows with their rule ids, and counts per kind (GEN-2)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from kinerja.people.importing.columns import KIND_ORDER, Kind


@dataclass(frozen=True, slots=True)
class RowError:
    sheet: str  # the kind, e.g. "pegawai"
    row: int  # as in the spreadsheet: the header is row 1
    column: str
    rule: str
    message: str


@dataclass(slots=True)
class KindCounts:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportReport:
    filename: str
    errors: list[RowError] = field(default_factory=list)
    counts: dict[str, KindCounts] = field(default_factory=dict)
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def bad_rows(self) -> int:
        return len({(error.sheet, error.row) for error in self.errors})

    @property
    def rules(self) -> list[str]:
        return sorted({error.rule for error in self.errors})

    def count(self, kind: Kind) -> KindCounts:
        return self.counts.setdefault(kind.value, KindCounts())

    def add(self, kind: Kind, row: int, column: str, rule: str, message: str) -> None:
        self.errors.append(RowError(kind.value, row, column, rule, message))

    def totals(self) -> KindCounts:
        total = KindCounts()
        for counts in self.counts.values():
            total.rows += counts.rows
            total.created += counts.created
            total.updated += counts.updated
            total.unchanged += counts.unchanged
        return total

    def sorted_errors(self) -> list[RowError]:
        order = {kind.value: i for i, kind in enumerate(KIND_ORDER)}
        return sorted(self.errors, key=lambda e: (order.get(e.sheet, 9), e.row, e.column))

    def as_dict(self) -> dict[str, Any]:
        return {
            "filename": self.filename,
            "committed": self.committed,
            "ok": self.ok,
            "bad_rows": self.bad_rows,
            "counts": {kind: asdict(c) for kind, c in self.counts.items()},
            "errors": [asdict(error) for error in self.sorted_errors()],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImportReport:
        return cls(
            filename=data["filename"],
            committed=data["committed"],
            counts={kind: KindCounts(**c) for kind, c in data["counts"].items()},
            errors=[RowError(**e) for e in data["errors"]],
        )

"""Import benchmark (issue #2 item 13): 100,000 employees from one CSV, figures only.

  (a) floor: csv module + sqlite3 executemany of the raw rows in one transaction;
  (b) the real import (kinerja.people.importing.import_commit) into a fresh migrated SQLite
      database: wall time and peak memory;
  (c) the same file again: must report 0 created / 0 updated (idempotence), and its time.

Run: .venv/bin/python bench/bench_import.py [--rows N]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from _common import setup_django  # bench/ is on sys.path when a script runs

SRC = Path(__file__).resolve().parents[1] / "src"
HEADER = [
    "nip",
    "jenis_pegawai",
    "nama",
    "gelar_depan",
    "gelar_belakang",
    "golongan",
    "status",
    "email",
    "telepon",
]
GRADES = ["III/a", "III.b", "IIIc", "Penata Tk.I", "IV/a", "II/c", "Pengatur Muda Tk. I"]
PPPK_GRADES = ["V", "VII", "IX", "X"]
STATUSES = ["Aktif", "ACTIVE", "Tugas belajar", "MPP"]


def generate(path: Path, rows: int) -> None:
    """Deterministic valid employees: ~1 in 10 PPPK, grade and status variants (INT-8)."""
    from kinerja.people.nip import build_nip

    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i in range(rows):
            birth = dt.date(1970, 1, 1) + dt.timedelta(days=i // 999)
            gender = "M" if i % 2 else "F"
            pppk = i % 10 == 0
            kind = "PPPK" if pppk else "PNS"
            nip = build_nip(birth, dt.date(2000 + i % 20, 1 + i % 12, 1), gender, i % 999 + 1, kind)
            grade = PPPK_GRADES[i % 4] if pppk else GRADES[i % len(GRADES)]
            writer.writerow(
                [
                    nip if i % 3 else f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}",
                    kind,
                    f"Pegawai Uji {i:06d}",
                    "Dr." if i % 7 == 0 else "",
                    "S.Kom." if i % 5 else "",
                    grade,
                    STATUSES[i % len(STATUSES)],
                    f"pegawai{i}@example.go.id",
                    f"08{i:010d}",
                ]
            )


def floor(path: Path, db_path: Path) -> tuple[float, float]:
    started, cpu = time.perf_counter(), time.process_time()
    connection = sqlite3.connect(db_path)
    connection.execute(f"CREATE TABLE raw ({', '.join(f'{c} TEXT' for c in HEADER)})")
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        with connection:
            connection.executemany(
                f"INSERT INTO raw VALUES ({', '.join('?' * len(HEADER))})", reader
            )
    count = connection.execute("SELECT COUNT(*) FROM raw").fetchone()[0]
    connection.close()
    elapsed = time.perf_counter() - started, time.process_time() - cpu
    if not count:
        raise RuntimeError("the floor inserted nothing")
    return elapsed


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def run_import(path: Path, user: object) -> tuple[float, float, float, object]:
    from kinerja.org.models import Agency
    from kinerja.people.importing import import_commit

    agency = Agency.objects.get(code="bench")
    rss_before = peak_rss_mb()
    started, cpu = time.perf_counter(), time.process_time()
    with path.open("rb") as handle:
        report = import_commit(handle, agency=agency, actor=user, filename=path.name)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    return wall, cpu, peak_rss_mb() - rss_before, report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(SRC))
    with tempfile.TemporaryDirectory(prefix="kinerja-bench-import-") as tmp:
        workdir = Path(tmp)
        csv_path = workdir / "pegawai.csv"
        setup_django(workdir)
        generate(csv_path, args.rows)
        size_mb = csv_path.stat().st_size / 1e6
        floor_s, floor_cpu = floor(csv_path, workdir / "floor.sqlite3")
        from kinerja.core.testing import hr_user, make_agency

        user = hr_user(make_agency("bench"))
        first_s, first_cpu, first_mem, first = run_import(csv_path, user)
        second_s, second_cpu, _mem, second = run_import(csv_path, user)
        from kinerja.core.models import AuditEntry
        from kinerja.people.models import Employee

        total = first.totals()  # type: ignore[attr-defined]
        again = second.totals()  # type: ignore[attr-defined]
        print(
            f"rows: {args.rows:,}  file: {size_mb:.1f} MB  sqlite {sqlite3.sqlite_version}  "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
        )
        print(f"{'step':<32}{'wall s':>8}{'cpu s':>8}{'wall/floor':>12}{'cpu/floor':>11}")
        for label, wall, cpu in (
            ("(a) floor: csv + executemany", floor_s, floor_cpu),
            ("(b) import (commit)", first_s, first_cpu),
            ("(c) same file again", second_s, second_cpu),
        ):
            print(
                f"{label:<32}{wall:>8.2f}{cpu:>8.2f}{wall / floor_s:>12.1f}{cpu / floor_cpu:>11.1f}"
            )
        print(
            f"(b) errors {len(first.errors)}, created {total.created:,}, updated "  # type: ignore[attr-defined]
            f"{total.updated}, unchanged {total.unchanged}; peak RSS +{first_mem:.0f} MB "
            f"(process peak {peak_rss_mb():.0f} MB)"
        )
        print(
            f"(c) errors {len(second.errors)}, created {again.created}, updated "  # type: ignore[attr-defined]
            f"{again.updated}, unchanged {again.unchanged:,}"
        )
        print(
            f"employees stored: {Employee.objects.count():,}; audit entries: "
            f"{AuditEntry.objects.count():,}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

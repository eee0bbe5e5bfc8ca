"""Page benchmark (issue #2 item 13): the employee list and the organisation tree at 100,000
employees, figures only.

A fresh migrated SQLite database in a temporary directory gets one synthetic agency
(``kinerja.demo.synth.synth_build``) and an HR administrator; then Django's test ``Client``
requests each page ``--repeat`` times and prints the server time (p50/p95/max, in-process, so no
network) and the number of SQL queries of one request (``CaptureQueriesContext``). A page whose
URL name does not resolve yet is reported as "page not available".

Run: .venv/bin/python bench/bench_pages.py [--employees N] [--repeat R]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import percentile, setup_django  # bench/ is on sys.path when a script runs

SRC = Path(__file__).resolve().parents[1] / "src"


def measure(client: Any, url: str, repeat: int) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        first = client.get(url)
    query_count = len(queries)  # now: the next request_started signal clears the log
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    return {
        "status": first.status_code,
        "kb": len(first.content) / 1024,
        "queries": query_count,
        "p50": statistics.median(timings),
        "p95": percentile(timings, 0.95),
        "max": max(timings),
    }


def pages(agency: Any) -> list[tuple[str, str, dict[str, Any], str]]:
    """(label, URL name, reverse kwargs, query string)."""
    from kinerja.people.models import Employee

    employees_of = Employee.objects.filter(agency=agency).order_by("pk")
    from kinerja.org.models import OrgUnit

    employee = employees_of[employees_of.count() // 2]
    units_of = OrgUnit.objects.filter(agency=agency)
    top = units_of.filter(depth=0).order_by("path").first()
    middle = units_of.filter(depth=2).order_by("path").first()
    surname = employee.name.split()[-1]
    employee_list = ("people:employee-list", {})
    return [
        ("employee list, page 1", *employee_list, ""),
        ("employee list, page 2", *employee_list, "?page=2"),
        ("employee list, page 1000", *employee_list, "?page=1000"),
        (f"employee list, search '{surname}'", *employee_list, f"?q={surname}"),
        ("employee list, search by NIP", *employee_list, f"?q={employee.nip}"),
        ("organisation tree", "org:unit-tree", {"code": agency.code}, ""),
        (
            "organisation tree, from a depth-2 unit",
            "org:unit-tree",
            {"code": agency.code},
            f"?root={middle.pk}" if middle else "",
        ),
        (
            "organisation tree, expand (htmx)",
            "org:unit-tree-children",
            {"code": agency.code, "pk": top.pk if top else 0},
            "",
        ),
        ("organisation tree, search 'Bidang'", "org:unit-tree", {"code": agency.code}, "?q=Bidang"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kinerja-bench-pages-") as tmp:
        migrate_s = setup_django(Path(tmp))
        from django.test import Client
        from django.urls import NoReverseMatch, reverse

        from kinerja.core.testing import hr_user
        from kinerja.demo.synth import synth_build
        from kinerja.org.models import OrgUnit, Position

        started = time.perf_counter()
        (agency,) = synth_build(args.employees)
        synth_s = time.perf_counter() - started
        units = OrgUnit.objects.filter(agency=agency).count()
        positions = Position.objects.filter(agency=agency).count()
        print(
            f"migrate {migrate_s:.1f} s; synth {args.employees:,} employees, {units:,} units, "
            f"{positions:,} positions in {synth_s:.1f} s"
        )
        client = Client(HTTP_HOST="localhost")
        client.force_login(hr_user(agency))
        print(
            f"HR administrator of {agency.code}; {args.repeat} requests per page, server time in ms"
        )
        print(f"{'page':<40}{'status':>7}{'KB':>7}{'queries':>9}{'p50':>9}{'p95':>9}{'max':>9}")
        for label, name, kwargs, query in pages(agency):
            try:
                url = reverse(name, kwargs=kwargs) + query
            except NoReverseMatch:
                print(f"{label:<40}  page not available ({name} does not resolve)")
                continue
            except Exception as error:  # noqa: BLE001 - a broken URLconf elsewhere: report it
                print(f"{label:<40}  page not available ({type(error).__name__}: {error})")
                continue
            try:
                row = measure(client, url, args.repeat)
            except Exception as error:  # noqa: BLE001 - report the page, go on with the others
                print(f"{label:<40}  request failed ({type(error).__name__}: {error})")
                continue
            print(
                f"{label:<40}{row['status']:>7}{row['kb']:>7.0f}{row['queries']:>9}"
                f"{row['p50']:>9.1f}{row['p95']:>9.1f}{row['max']:>9.1f}"
            )
        accounts(agency, client, args.repeat)
    return 0


def accounts(agency: Any, client: Any, repeat: int) -> None:
    """Giving every employee an account at once (HR's first day), then the account pages."""
    import resource

    from django.urls import reverse

    from kinerja.core.testing import hr_user
    from kinerja.people.account_admin.documents import activation_codes_xlsx
    from kinerja.people.account_admin.services import accounts_create_missing

    def peak_rss_mb() -> float:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux

    hr = hr_user(agency)
    rss_before = peak_rss_mb()
    started = time.perf_counter()
    lines = accounts_create_missing(actor=hr, agency=agency)
    created_s = time.perf_counter() - started
    workbook = activation_codes_xlsx(lines)
    total_s = time.perf_counter() - started
    print(
        f"accounts for {len(lines):,} employees: {created_s:.1f} s; with the codes workbook "
        f"({len(workbook) / 2**20:.1f} MB) {total_s:.1f} s; "
        f"peak RSS +{peak_rss_mb() - rss_before:.0f} MB"
    )
    for label, name, query in (
        ("account list, page 1", "org:account-list", ""),
        ("account list, page 1000", "org:account-list", "?page=1000"),
        ("account list, waiting for activation", "org:account-list", "?state=PENDING"),
        ("account list, missing count (htmx)", "org:accounts-missing-count", ""),
    ):
        row = measure(client, reverse(name, kwargs={"code": agency.code}) + query, repeat)
        print(
            f"{label:<40}{row['status']:>7}{row['kb']:>7.0f}{row['queries']:>9}"
            f"{row['p50']:>9.1f}{row['p95']:>9.1f}{row['max']:>9.1f}"
        )


if __name__ == "__main__":
    sys.exit(main())

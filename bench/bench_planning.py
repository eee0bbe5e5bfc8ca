"""Planning benchmark (issue #3): opening a cycle for 50,000 employees, the cascade page of an
agency with 10,000 plans, and one SKP PDF. Figures only, never assertions.

A fresh migrated SQLite database in a temporary directory gets synthetic agencies
(``kinerja.demo.synth.synth_build``):

(a) 50,000 employees, then ``cycle_open`` (checkpoints + one draft plan per active assignment,
    set-based): wall time and plans created; a second ``cycle_generate_plans`` shows the
    idempotent re-run.
(b) 10,000 employees, ``cycle_open``, then every plan gets two work results in bulk, each linked
    (``supports``) to a work result of the appraiser's plan, so the tree is a realistic cascade.
    The cascade page (``planning:cascade``) is requested by an HR administrator through Django's
    test ``Client`` ``--repeat`` times, for the top (two levels), a mid-level ``?root=``, the
    htmx children fragment and the "problems only" view: size in KB, SQL queries of one
    request, wall p50/p95/max and process CPU p50/p95 (the machine may be shared). The
    ``cascade_subtree`` selector alone and the whole-tree ``cascade_tree`` (API) are timed too.
(c) The SKP PDF of one plan with three work results of three indicators (WeasyPrint).

Run: .venv/bin/python bench/bench_planning.py [--employees N] [--cascade-employees N] [--repeat R]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from _common import percentile, setup_django  # bench/ is on sys.path when a script runs

SRC = Path(__file__).resolve().parents[1] / "src"
YEAR = 2026


def timings(run: Any, repeat: int) -> dict[str, float]:
    spent = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        spent.append((time.perf_counter() - started) * 1000)
    return {"p50": statistics.median(spent), "p95": percentile(spent, 0.95), "max": max(spent)}


def build(employees: int) -> tuple[Any, Any, float]:
    from kinerja.core.testing import hr_user
    from kinerja.demo.synth import synth_build

    started = time.perf_counter()
    (agency,) = synth_build(employees)
    return agency, hr_user(agency), time.perf_counter() - started


def bench_cycle_open(employees: int) -> list[tuple[str, str]]:
    from kinerja.planning.services.cycles import cycle_generate_plans, cycle_open

    agency, hr, synth_s = build(employees)
    started = time.perf_counter()
    result = cycle_open(actor=hr, agency=agency, year=YEAR)
    open_s = time.perf_counter() - started
    started = time.perf_counter()
    again = cycle_generate_plans(actor=hr, cycle=result.cycle)
    again_s = time.perf_counter() - started
    return [
        (f"synth_build({employees:,})", f"{synth_s:.1f} s"),
        (
            f"cycle_open, {employees:,} employees (target <= 5 s)",
            f"{open_s:.2f} s, {result.plans_created:,} plans, "
            f"{len(result.checkpoints)} checkpoints",
        ),
        ("cycle_generate_plans again (idempotent)", f"{again_s:.2f} s, {again} plans"),
    ]


def link_work_results(cycle: Any) -> tuple[int, int]:
    """Two work results per plan; each supports a work result of the appraiser's plan."""
    from django.db import connection, transaction

    from kinerja.planning.models import PerformancePlan, WorkResult

    plans = list(
        PerformancePlan.objects.filter(cycle=cycle).values_list(
            "id", "employee_id", "appraiser_id", "agency_id"
        )
    )
    WorkResult.objects.bulk_create(
        [
            WorkResult(
                agency_id=agency_id,
                plan_id=plan_id,
                kind="MAIN" if n == 1 else "ADDITIONAL",
                order=n,
                text=f"Rencana hasil kerja {n} SKP {plan_id}",
            )
            for plan_id, _e, _a, agency_id in plans
            for n in (1, 2)
        ],
        batch_size=2000,
    )
    results: dict[int, list[int]] = {}
    for pk, plan_id in WorkResult.objects.filter(plan__cycle=cycle).values_list("id", "plan_id"):
        results.setdefault(plan_id, []).append(pk)
    plan_of_employee = {employee_id: plan_id for plan_id, employee_id, _a, _g in plans}
    linked: list[tuple[int, int]] = []
    for position, (plan_id, _employee_id, appraiser_id, _g) in enumerate(plans):
        leader_results = results.get(plan_of_employee.get(appraiser_id, -1))
        if not leader_results:
            continue
        for n, pk in enumerate(results[plan_id]):
            linked.append((leader_results[(position + n) % len(leader_results)], pk))
    # One prepared UPDATE per row: bulk_update's CASE WHEN is quadratic-ish on SQLite.
    table = connection.ops.quote_name(WorkResult._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET supports_id = %s WHERE id = %s", linked)
    return sum(len(v) for v in results.values()), len(linked)


def bench_cascade(employees: int, repeat: int) -> list[tuple[str, str]]:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from kinerja.planning import selectors
    from kinerja.planning.services.cycles import cycle_open

    agency, hr, synth_s = build(employees)
    result = cycle_open(actor=hr, agency=agency, year=YEAR)
    started = time.perf_counter()
    created, linked = link_work_results(result.cycle)
    link_s = time.perf_counter() - started
    rows = [
        (
            f"synth_build({employees:,}) + cycle_open",
            f"{synth_s:.1f} s, {result.plans_created:,} plans",
        ),
        (
            "work results in bulk",
            f"{created:,} created, {linked:,} linked to the appraiser's in {link_s:.1f} s",
        ),
    ]
    url = reverse("planning:cascade", kwargs={"cycle_pk": result.cycle.pk})
    client = Client(HTTP_HOST="localhost", raise_request_exception=False)
    client.force_login(hr)
    mid = mid_level_plan(result.cycle)
    pages = [
        ("cascade top, 2 levels", url),
        ("cascade ?root= mid-level plan", f"{url}?root={mid}"),
        ("cascade children fragment (htmx)", f"{url}?root={mid}&part=children"),
        ("cascade top, problems only", f"{url}?problems=1"),
    ]
    for label, page in pages:
        queries: list[str] = []

        def count(execute: Any, sql: str, *args: Any, queries: list[str] = queries) -> Any:
            queries.append(sql)
            return execute(sql, *args)

        # A wrapper, not CaptureQueriesContext: the request cycle resets the connection's log.
        with connection.execute_wrapper(count):
            first = client.get(page)
        if first.status_code != 200:
            rows.append((label, f"status {first.status_code}: page not usable"))
            continue
        figures = timings(lambda page=page: client.get(page), repeat)
        cpu = cpu_timings(lambda page=page: client.get(page), repeat)
        rows.append(
            (
                f"{label} (target p95 <= 300 ms)",
                f"{len(first.content) / 1024:,.1f} KB, {len(queries)} queries; "
                f"p50 {figures['p50']:.0f} ms, p95 {figures['p95']:.0f} ms, "
                f"max {figures['max']:.0f} ms; CPU p50 {cpu['p50']:.0f} ms, "
                f"p95 {cpu['p95']:.0f} ms ({repeat} requests)",
            )
        )

    def selector_only() -> None:
        selectors.cascade_subtree(result.cycle)

    figures = timings(selector_only, repeat)
    rows.append(
        (
            "cascade_subtree selector alone (top)",
            f"p50 {figures['p50']:.0f} ms, p95 {figures['p95']:.0f} ms ({repeat} runs)",
        )
    )
    figures = timings(lambda: selectors.cascade_tree(result.cycle), max(3, repeat // 5))
    rows.append(
        (
            "cascade_tree (whole tree, API) for comparison",
            f"p50 {figures['p50']:.0f} ms, p95 {figures['p95']:.0f} ms",
        )
    )
    return rows


def mid_level_plan(cycle: Any) -> int:
    """A plan in force on a position two levels below the top with the most plans below."""
    from collections import Counter

    from kinerja.planning.models import PerformancePlan

    paths = dict(PerformancePlan.objects.filter(cycle=cycle).values_list("position__path", "id"))
    below: Counter[str] = Counter()
    for path in paths:
        parts = path.strip("/").split("/")
        if len(parts) > 3:
            below["/" + "/".join(parts[:3]) + "/"] += 1
    for path, _count in below.most_common():
        if path in paths:
            return paths[path]
    return next(iter(paths.values()))


def cpu_timings(run: Any, repeat: int) -> dict[str, float]:
    """Process CPU time (the machine is shared: wall time includes waiting for a core)."""
    spent = []
    for _ in range(repeat):
        started = time.process_time()
        run()
        spent.append((time.process_time() - started) * 1000)
    return {"p50": statistics.median(spent), "p95": percentile(spent, 0.95)}


def bench_pdf(repeat: int) -> list[tuple[str, str]]:
    """One JA/JF plan with three work results of three indicators, through the download view."""
    from django.test import Client
    from django.urls import reverse

    from kinerja.planning.models import Indicator, PerformancePlan, WorkResult

    plan = (
        PerformancePlan.objects.filter(family="JA_JF", appraiser__isnull=False)
        .order_by("pk")
        .first()
    )
    WorkResult.objects.filter(plan=plan).delete()
    for n in range(1, 4):
        result = WorkResult.objects.create(
            agency_id=plan.agency_id,
            plan=plan,
            kind="MAIN",
            order=n,
            text=f"Tersusunnya dokumen perencanaan bagian {n} yang lengkap dan tepat waktu",
        )
        for order, (aspect, unit, value) in enumerate(
            (("QUANTITY", "Dokumen", 2), ("QUALITY", "%", 100), ("TIME", "Bulan", 12)), start=1
        ):
            Indicator.objects.create(
                agency_id=plan.agency_id,
                work_result=result,
                order=order,
                aspect=aspect,
                text=f"Indikator {aspect.lower()} RHK {n}",
                target_value=Decimal(value),
                target_unit=unit,
            )
    from kinerja.core.testing import hr_user

    client = Client(HTTP_HOST="localhost")
    client.force_login(hr_user(plan.agency))
    url = reverse("planning:plan-pdf", kwargs={"pk": plan.pk})
    started = time.perf_counter()
    first = client.get(url)
    first_ms = (time.perf_counter() - started) * 1000
    figures = timings(lambda: client.get(url), repeat)
    return [
        (
            "SKP PDF, 3 RHK x 3 IKI (target < 1 s)",
            f"status {first.status_code}, {len(first.content) / 1024:,.0f} KB; first "
            f"{first_ms:.0f} ms (WeasyPrint warm-up); p50 {figures['p50']:.0f} ms, "
            f"p95 {figures['p95']:.0f} ms ({repeat} requests)",
        )
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--employees", type=int, default=50_000, help="0 skips cycle opening and the PDF"
    )
    parser.add_argument("--cascade-employees", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kinerja-bench-planning-") as tmp:
        migrate_s = setup_django(Path(tmp))
        print(f"planning benchmark, {dt.date.today().isoformat()}")  # noqa: DTZ011
        show([("migrate", f"{migrate_s:.1f} s")])
        if args.employees:
            show(bench_cycle_open(args.employees))
        show(bench_cascade(args.cascade_employees, args.repeat))
        if args.employees:  # the PDF plan is taken from the cycle-opening agency
            show(bench_pdf(10))
    return 0


def show(rows: list[tuple[str, str]]) -> None:
    for label, value in rows:
        print(f"{label:<68}{value}", flush=True)


if __name__ == "__main__":
    sys.exit(main())

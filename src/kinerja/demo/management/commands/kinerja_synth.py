"""``kinerja synth``: synthetic organisations at scale for benchmarks and load tests."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kinerja.demo.synth import synth_build
from kinerja.org.models import OrgUnit, Position
from kinerja.people.models import Employee


class Command(BaseCommand):
    help = (
        "Build K synthetic agencies (codes synth-N) with N employees in total, with unit and "
        "position trees and assignments, in bulk. Deterministic for a given seed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--employees", type=int, required=True)
        parser.add_argument("--agencies", type=int, default=1)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        employees, agencies = options["employees"], options["agencies"]
        if agencies < 1 or employees < agencies:
            raise CommandError("--employees must be at least --agencies, which must be >= 1.")
        started = time.perf_counter()
        built = synth_build(employees, agencies, options["seed"])
        elapsed = time.perf_counter() - started
        for agency in built:
            self.stdout.write(
                f"{agency.code}: {Employee.objects.filter(agency=agency).count()} employees, "
                f"{OrgUnit.objects.filter(agency=agency).count()} units, "
                f"{Position.objects.filter(agency=agency).count()} positions"
            )
        noun = "agency" if len(built) == 1 else "agencies"
        self.stdout.write(
            f"Built {len(built)} {noun} with {employees} employees in {elapsed:.1f} s."
        )

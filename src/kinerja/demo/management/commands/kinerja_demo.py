"""``kinerja demo``: build the demo agencies (idempotent) and print the demo accounts."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kinerja.config.env import BASE_DIR
from kinerja.demo import spec
from kinerja.demo.accounts import (
    demo_accounts,
    employee_counts,
    render_accounts_markdown,
    render_accounts_table,
)
from kinerja.demo.builder import DEMO_PASSWORD, demo_build
from kinerja.planning.demo import build_planning_demo

DEFAULT_ACCOUNTS_FILE = BASE_DIR / "docs" / "demo-accounts.md"


class Command(BaseCommand):
    help = (
        "Build the demo agencies (Pemerintah Kabupaten Gunungkidul and Pemerintah Kota "
        "Yogyakarta) with an account for everyone; existing demo agencies are left alone."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--accounts-file",
            default=None,
            help="Where to write the accounts table (default: docs/demo-accounts.md in a "
            "source checkout; skipped when that folder does not exist).",
        )
        parser.add_argument(
            "--no-accounts-file",
            action="store_true",
            help="Do not write the accounts table to a file.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        result = demo_build()
        for agency in result.agencies:
            state = "built" if agency in result.built else "already present, left alone"
            self.stdout.write(f"{agency.name} ({agency.code}): {state}")
        for agency in result.built:
            if agency.code == spec.GUNUNGKIDUL_CODE:
                build_planning_demo(agency, stdout=self.stdout)
        rows = demo_accounts()
        self.stdout.write("")
        self.stdout.write(
            f"Demo accounts (every password: {DEMO_PASSWORD}); every employee can "
            "also log in with their NIP:"
        )
        self.stdout.write(render_accounts_table(rows))
        self._write_file(options, render_accounts_markdown(rows, employee_counts()))
        self.stdout.write(f"Done in {time.perf_counter() - started:.1f} s.")

    def _write_file(self, options: dict[str, Any], text: str) -> None:
        if options["no_accounts_file"]:
            return
        path = Path(options["accounts_file"]) if options["accounts_file"] else None
        if path is None:
            if not DEFAULT_ACCOUNTS_FILE.parent.is_dir():
                return
            path = DEFAULT_ACCOUNTS_FILE
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote {path}")

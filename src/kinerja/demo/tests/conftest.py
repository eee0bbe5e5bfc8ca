"""The demo is built once per test module, inside a transaction rolled back at the end.

Each test still runs in its own savepoint (pytest-django's ``db``), so what a test changes is
undone before the next one, and nothing leaks into other modules.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="module")
def demo_output(django_db_setup: None, django_db_blocker: object) -> Iterator[str]:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        outer = transaction.atomic()
        outer.__enter__()
        try:
            out = io.StringIO()
            call_command("kinerja_demo", no_accounts_file=True, stdout=out)
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo(demo_output: str, db: None) -> str:
    """Use in tests that read the demo: the built database plus a per-test savepoint."""
    return demo_output

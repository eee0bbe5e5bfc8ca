"""Set-up shared by the benchmarks: a throw-away migrated SQLite database and percentiles."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"


def setup_django(workdir: Path) -> float:
    """Point Django at a fresh SQLite file under ``workdir``, migrate it; return the seconds."""
    os.environ["KINERJA_VAR_DIR"] = str(workdir)
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "kinerja.config.settings.base"
    os.environ["KINERJA_HTTPS"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    if str(SRC) not in sys.path:
        sys.path.insert(0, str(SRC))
    import django
    from django.core.management import call_command

    django.setup()
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    return time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]

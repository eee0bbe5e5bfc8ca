"""`make bench`: runs every benchmark in its own process and prints the figures.

Each benchmark builds its own throw-away SQLite database under a temporary directory, so
they never touch var/ and never influence each other. Figures only: targets are in the README
and the issues, never asserted here.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

BENCHES = ["bench_import.py", "bench_pages.py", "bench_planning.py"]


def main() -> int:
    here = Path(__file__).resolve().parent
    failures = 0
    for name in BENCHES:
        path = here / name
        if not path.exists():
            print(f"== {name}: not present, skipped")
            continue
        print(f"== {name}", flush=True)
        started = time.perf_counter()
        result = subprocess.run([sys.executable, str(path)], check=False)  # noqa: S603 - our own files
        print(f"== {name}: exit {result.returncode}, {time.perf_counter() - started:.1f} s\n")
        failures += result.returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

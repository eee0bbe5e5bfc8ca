"""The ``kinerja`` console script: manage.py plus a few friendly verbs.

kinerja serve [ADDR]     migrate, load the demo into an empty DB, serve (127.0.0.1:8000)
kinerja demo             build the demo agencies (idempotent)
kinerja import FILE --agency CODE
kinerja synth --employees N [--agencies K] [--seed S]
kinerja accounts --agency CODE --out FILE.xlsx   accounts + activation codes for everyone
kinerja <any Django management command>
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinerja.config.settings.base")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    verbs = {
        "serve": "kinerja_serve",
        "demo": "kinerja_demo",
        "import": "kinerja_import",
        "synth": "kinerja_synth",
        "accounts": "kinerja_accounts",
    }
    if len(args) > 1 and args[1] in verbs:
        args[1] = verbs[args[1]]
    execute_from_command_line(args)


if __name__ == "__main__":
    main()

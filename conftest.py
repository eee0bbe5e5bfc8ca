"""Root pytest configuration shared by every app's tests."""

import fcntl
import os
import tempfile
from contextlib import chdir
from pathlib import Path

import pytest

os.environ.setdefault("KINERJA_HTTPS", "false")

PACKAGE_DIR = Path(__file__).resolve().parent / "src" / "kinerja"
EN_PO = PACKAGE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"
EN_MO = EN_PO.with_suffix(".mo")


@pytest.fixture(scope="session", autouse=True)
def compiled_english_catalogue():
    """Compile the English .mo when it is missing or older than the .po (the .mo is git-ignored).

    Here, for every test, not only the catalogue's own: on a fresh checkout run with plain
    ``pytest`` (``make test`` compiles first), a worker that met an English-language test before
    any catalogue test answered in Indonesian. A lock keeps parallel workers from writing the
    file at the same time; after compiling, Django's catalogue cache is reset so a worker that
    already loaded English sees the new file.
    """
    from django.conf import settings
    from django.core.management import call_command
    from django.core.signals import setting_changed

    lock_path = Path(tempfile.gettempdir()) / "kinerja-compilemessages.lock"
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not EN_MO.exists() or EN_MO.stat().st_mtime < EN_PO.stat().st_mtime:
            with chdir(PACKAGE_DIR):
                call_command("compilemessages", locale=["en"], verbosity=0)
            setting_changed.send(
                sender=None, setting="LOCALE_PATHS", value=settings.LOCALE_PATHS, enter=False
            )

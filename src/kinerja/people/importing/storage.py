"""Uploaded files kept between preview and commit, under MEDIA_ROOT/imports/<random token>/.

Each upload has a directory with the file (``data``) and ``meta.json`` (owner, agency, original
name, the preview report and, once committed, the result). Only the uploader can open it; the
data file is deleted after a successful commit and whole directories after a day.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404

from kinerja.org.models import Agency
from kinerja.people.importing.report import ImportReport

TOKEN = re.compile(r"^[A-Za-z0-9_-]{24,64}$")
MAX_AGE_SECONDS = 24 * 3600


def import_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


@dataclass
class StoredUpload:
    token: str
    directory: Path
    meta: dict[str, Any]

    @property
    def filename(self) -> str:
        return str(self.meta["filename"])

    @property
    def agency(self) -> Agency:
        return Agency.objects.get(pk=self.meta["agency_id"])

    @property
    def data_path(self) -> Path:
        return self.directory / "data"

    @property
    def report(self) -> ImportReport | None:
        data = self.meta.get("report")
        return ImportReport.from_dict(data) if data else None

    def open(self) -> IO[bytes]:
        return self.data_path.open("rb")

    def save_report(self, report: ImportReport) -> None:
        self.meta["report"] = report.as_dict()
        (self.directory / "meta.json").write_text(json.dumps(self.meta), encoding="utf-8")
        if report.committed:
            self.data_path.unlink(missing_ok=True)


def clean_filename(name: str) -> str:
    """The base name only, printable, at most 150 characters (shown and audited)."""
    base = Path(name or "berkas").name
    base = "".join(ch for ch in base if ch.isprintable())
    return base[-150:] or "berkas"


def upload_store(file: UploadedFile, *, user: Any, agency: Agency) -> StoredUpload:
    upload_prune()
    token = secrets.token_urlsafe(24)
    directory = import_root() / token
    directory.mkdir(parents=True, mode=0o700)
    with (directory / "data").open("wb") as target:
        for chunk in file.chunks():
            target.write(chunk)
    meta = {
        "user_id": user.pk,
        "agency_id": agency.pk,
        "filename": clean_filename(file.name or ""),
        "created": time.time(),
        "report": None,
    }
    (directory / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return StoredUpload(token=token, directory=directory, meta=meta)


def upload_get(token: str, *, user: Any) -> StoredUpload:
    """The user's own upload; 404 for a bad token, someone else's upload, or an expired one."""
    if not TOKEN.match(token or ""):
        raise Http404
    directory = import_root() / token
    try:
        meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise Http404 from error
    if meta.get("user_id") != user.pk:
        raise Http404
    return StoredUpload(token=token, directory=directory, meta=meta)


def upload_discard(upload: StoredUpload) -> None:
    shutil.rmtree(upload.directory, ignore_errors=True)


def upload_prune(max_age: float = MAX_AGE_SECONDS) -> int:
    """Delete uploads older than ``max_age`` seconds; returns how many."""
    root = import_root()
    if not root.is_dir():
        return 0
    limit = time.time() - max_age
    removed = 0
    for directory in root.iterdir():
        if directory.is_dir() and directory.stat().st_mtime < limit:
            shutil.rmtree(directory, ignore_errors=True)
            removed += 1
    return removed

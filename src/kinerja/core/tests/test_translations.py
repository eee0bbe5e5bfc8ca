"""The English catalogue: the interface is Indonesian by default, English on request.

Every msgid is Indonesian (house style); ``locale/en/LC_MESSAGES/django.po`` must translate all of
them. A string added without a translation fails ``test_english_catalogue_is_complete``: run
``make messages`` and fill in the new ``msgstr`` entries.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from kinerja.people.nip import NipError, parse_nip

PACKAGE_DIR = Path(__file__).resolve().parents[2]
LOCALE_DIR = PACKAGE_DIR / "locale"
EN_PO = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po"
FIX = (
    "Run `make messages`, then translate every new entry in "
    "src/kinerja/locale/en/LC_MESSAGES/django.po."
)


@dataclass
class PoEntry:
    line: int
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)


def _read_po(path: Path) -> list[PoEntry]:
    """A small .po reader: enough for msgid/msgid_plural/msgstr[n], flags and continuation lines."""
    entries: list[PoEntry] = []
    current: PoEntry | None = None
    target: str | None = None
    flags: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("#~"):  # obsolete entry: not compiled, ignored
            continue
        if line.startswith("#,"):
            flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if not line.strip() or line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            text = ast.literal_eval(line)
        else:
            text = ast.literal_eval(rest)
            target = keyword
        if keyword == "msgid" and not line.startswith('"'):
            current = PoEntry(line=number, flags=flags)
            entries.append(current)
            flags = set()
        assert current is not None, f"{path}:{number}: text before the first msgid"
        if target == "msgid":
            current.msgid += text
        elif target == "msgid_plural":
            current.msgid_plural = (current.msgid_plural or "") + text
        elif target is not None and target.startswith("msgstr"):
            if not line.startswith('"'):
                current.msgstr.append("")
            current.msgstr[-1] += text
    return entries


def _messages() -> list[PoEntry]:
    return [entry for entry in _read_po(EN_PO) if entry.msgid]


def test_english_catalogue_is_complete():
    entries = _read_po(EN_PO)
    header = entries[0]
    assert header.msgid == ""
    assert "fuzzy" not in header.flags, f"The catalogue header is marked fuzzy. {FIX}"
    messages = entries[1:]
    assert len(messages) > 800
    untranslated = [e for e in messages if not e.msgstr or any(not text for text in e.msgstr)]
    assert untranslated == [], (
        f"{len(untranslated)} untranslated entries, first at line {untranslated[0].line}: "
        f"{untranslated[0].msgid!r}. {FIX}"
    )
    fuzzy = [e for e in messages if "fuzzy" in e.flags]
    assert fuzzy == [], (
        f"{len(fuzzy)} fuzzy entries (a guess by msgmerge), first at line {fuzzy[0].line}: "
        f"{fuzzy[0].msgid!r}. Check the translation and remove the fuzzy flag."
    )


def test_plural_entries_have_both_english_forms():
    plurals = [e for e in _messages() if e.msgid_plural is not None]
    assert plurals
    assert [e.msgid for e in plurals if len(e.msgstr) != 2] == []


def test_translations_keep_every_placeholder_and_rule_id():
    """A translation that drops or renames %(name)s would break at run time; rule ids stay as is."""
    pattern = re.compile(r"%\([a-z_0-9]+\)[-0-9]*[sd]|\((?:[A-Z]+-\d+(?:, )?)+\)")
    broken = []
    for entry in _messages():
        expected = sorted(pattern.findall(entry.msgid))
        for text in entry.msgstr:
            if sorted(pattern.findall(text)) != expected:
                broken.append((entry.line, entry.msgid, text))
    assert broken == []


def test_representative_strings_in_english():
    with translation.override("en"):
        assert translation.gettext("Masuk ke Kinerja") == "Sign in to Kinerja"
        assert translation.gettext("Pegawai") == "Employees"
        assert translation.gettext("Kata sandi") == "Password"
        assert translation.gettext("Monitoring pengisian") == "Completion monitoring"
        assert translation.ngettext("%(n)s baris salah", "%(n)s baris salah", 3) % {"n": 3} == (
            "3 invalid rows"
        )
        assert translation.ngettext("%(n)s baris salah", "%(n)s baris salah", 1) % {"n": 1} == (
            "1 invalid row"
        )
    with translation.override("id"):
        assert translation.gettext("Masuk ke Kinerja") == "Masuk ke Kinerja"


def test_nip_error_in_english_keeps_rule_id_ID_1():
    with translation.override("en"), pytest.raises(NipError) as raised:
        parse_nip("19850312 201001 1 00", "PNS")
    assert raised.value.rule == "ID-1"
    assert str(raised.value) == "The NIP must consist of exactly 18 digits. (ID-1)"


def test_nip_error_in_indonesian_by_default():
    with pytest.raises(NipError) as raised:
        parse_nip("12345", "PNS")
    assert str(raised.value) == "NIP harus terdiri dari tepat 18 angka. (ID-1)"


def test_official_document_titles_are_not_translated_DOC_2():
    """Titles of the printed forms are constants, not msgids, so English leaves them as they are."""
    msgids = {entry.msgid for entry in _messages()}
    for title in (
        "SASARAN KINERJA PEGAWAI",
        "LAMPIRAN SASARAN KINERJA PEGAWAI",
        "RENCANA HASIL KERJA",
        "EKSPEKTASI KHUSUS PIMPINAN",
    ):
        assert title not in msgids


@pytest.mark.django_db
def test_language_switch_shows_english_login_page(client):
    login_url = reverse("accounts:login")
    response = client.get(login_url)
    assert "<h1>Masuk ke Kinerja</h1>" in response.content.decode()

    response = client.post("/i18n/setlang/", {"language": "en", "next": login_url})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    page = client.get(login_url).content.decode()
    assert "<h1>Sign in to Kinerja</h1>" in page
    assert "Masuk ke Kinerja" not in page


@pytest.mark.django_db
def test_language_switch_back_to_indonesian(client):
    login_url = reverse("accounts:login")
    client.post("/i18n/setlang/", {"language": "en", "next": login_url})
    client.post("/i18n/setlang/", {"language": "id", "next": login_url})
    page = client.get(login_url).content.decode()
    assert "<h1>Masuk ke Kinerja</h1>" in page
    assert "Sign in to Kinerja" not in page

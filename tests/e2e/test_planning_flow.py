"""Browser: an employee drafts a JA/JF plan linked to the appraiser's work result and submits it;
the appraiser returns it with a note; the employee mends and resubmits; HR reviews; the appraiser
approves; the SKP PDF downloads and holds the employee's NIP and the work result (issue #3)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest
from django.utils import timezone

from kinerja.core.testing import (
    PASSWORD,
    hr_user,
    make_agency,
    make_employee,
    make_position,
    make_unit,
    make_user,
)
from kinerja.planning.choices import PlanStatus
from kinerja.planning.models import PerformancePlan
from kinerja.planning.services.cycles import cycle_open
from kinerja.planning.services.work_results import indicator_save, work_result_save

from .conftest import follow, login

pytestmark = pytest.mark.django_db(transaction=True)

STAFF_NIP = "198609262015051001"
LEADER_RESULT = "Terlaksananya pelayanan administrasi kepegawaian yang tertib"
STAFF_RESULT = "Tersusunnya laporan data kepegawaian bulanan"
MENDED_RESULT = "Tersusunnya laporan data kepegawaian bulanan yang akurat"
RETURN_NOTE = "Perjelas keluaran RHK: laporan harus akurat."


@pytest.fixture
def agency_setup():
    """A supervisor (JA ADMINISTRATOR) with an APPROVED plan of one work result, a staff member
    (JA PELAKSANA) reporting to them with no plan yet, and an HR administrator."""
    agency = make_agency("uji", name="Pemerintah Kabupaten Uji")
    unit = make_unit(agency, "Bagian Kepegawaian")
    head_post = make_position(
        unit,
        "Kepala Bagian Kepegawaian",
        position_type="JA",
        level="ADMINISTRATOR",
        is_unit_head=True,
    )
    staff_post = make_position(unit, "Pengadministrasi Kepegawaian", reports_to=head_post)
    leader = make_employee(agency, "Budi Santoso", position=head_post, grade="III/d")
    year = timezone.localdate().year
    cycle = cycle_open(actor=None, agency=agency, year=year).cycle
    leader_plan = PerformancePlan.objects.get(cycle=cycle, employee=leader)
    result = work_result_save(actor=None, plan=leader_plan, text=LEADER_RESULT)
    indicator_save(
        actor=None,
        work_result=result,
        text="Persentase layanan tepat waktu",
        aspect="QUALITY",
        target_kind="NUMBER",
        target_value=100,
        target_unit="%",
    )
    # The supervisor's own approval chain is not what this test is about: mark it approved.
    PerformancePlan.objects.filter(pk=leader_plan.pk).update(status=PlanStatus.APPROVED)
    staff = make_employee(
        agency, "Siti Rahayu", nip=STAFF_NIP, position=staff_post, start=dt.date(year - 1, 1, 1)
    )
    return {
        "cycle": cycle,
        "staff_user": make_user(staff),
        "leader_user": make_user(leader),
        "hr": hr_user(agency),
        "staff": staff,
    }


def pdf_text(data: bytes) -> str:
    """The text of a PDF: pdftotext when installed, else read here (below).

    ``-raw`` keeps content-stream order, so a table cell that wraps stays together (``-layout``
    interleaves it with the neighbouring columns).
    """
    tool = shutil.which("pdftotext")
    if tool:
        done = subprocess.run(  # noqa: S603
            [tool, "-raw", "-", "-"], input=data, capture_output=True, check=True
        )
        return done.stdout.decode("utf-8", "replace")
    return embedded_text(data)


# A minimal reader for WeasyPrint's output: inflate the streams (object streams included), map
# each font's glyph codes back to text through its ToUnicode CMap, and decode the hex strings
# shown with that font. Enough to search a printed NIP and work result; not a general parser.
OBJ = re.compile(rb"(\d+) 0 obj\s*(.*?)endobj", re.S)
STREAM = re.compile(rb"^(.*?)stream\r?\n(.*)\r?\nendstream", re.S)


def embedded_text(data: bytes) -> str:
    bodies, streams = {}, {}
    for number, body in OBJ.findall(data):
        match = STREAM.match(body)
        if not match:
            bodies[int(number)] = body
            continue
        head, raw = match.groups()
        try:
            raw = zlib.decompress(raw) if b"FlateDecode" in head else raw
        except zlib.error:
            continue
        bodies[int(number)], streams[int(number)] = head, raw
        if b"/ObjStm" in head:  # objects packed in a stream: "num offset ..." then the objects
            first = int(re.search(rb"/First (\d+)", head).group(1))
            numbers = [int(x) for x in raw[:first].split()]
            offsets = [*numbers[1::2], len(raw) - first]
            for i, packed in enumerate(numbers[::2]):
                bodies[packed] = raw[first + offsets[i] : first + offsets[i + 1]]
    cmaps = {}
    for number, body in bodies.items():
        found = re.search(rb"/ToUnicode (\d+) 0 R", body)
        if found and int(found.group(1)) in streams:
            cmaps[number] = _cmap(streams[int(found.group(1))])
    names = {}
    blocks = []
    for body in bodies.values():
        blocks += re.findall(rb"/Font\s*<<(.*?)>>", body, re.S)
        blocks += [bodies.get(int(ref), b"") for ref in re.findall(rb"/Font (\d+) 0 R", body)]
    for block in blocks:
        for name, ref in re.findall(rb"/([^\s/]+)\s+(\d+) 0 R", block):
            if int(ref) in cmaps:
                names[name] = cmaps[int(ref)]
    out = []
    for raw in streams.values():
        cmap = {}
        for token in re.finditer(rb"/([^\s/]+)\s+[\d.]+\s+Tf|<([0-9a-fA-F]*)>", raw):
            if token.group(1) is not None:
                cmap = names.get(token.group(1), {})
            elif token.group(2) is not None and cmap:
                hexed = token.group(2)
                out.append(
                    "".join(
                        cmap.get(int(hexed[i : i + 4], 16), "") for i in range(0, len(hexed) - 3, 4)
                    )
                )
    return "".join(out)


def _cmap(raw: bytes) -> dict[int, str]:
    table = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", raw, re.S):
        for src, dst in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            table[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", raw, re.S):
        for lo, hi, dst in re.findall(
            rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block
        ):
            start = int(dst, 16)
            for offset, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                table[code] = chr(start + offset)
    return table


def add_indicator(page, text: str, aspect: str, value: str, unit: str) -> None:
    follow(page, page.get_by_role("link", name="Tambah indikator").first)
    page.fill("#id_text", text)
    page.select_option("#id_aspect", aspect)
    page.select_option("#id_target_kind", "NUMBER")
    page.fill("#id_target_value", value)
    page.fill("#id_target_unit", unit)
    follow(page, page.get_by_role("button", name="Simpan indikator"))


def press(page, button: str, note: str | None = None) -> None:
    form = page.locator("form.workflow-form", has=page.get_by_role("button", name=button))
    if note is not None:
        form.locator("textarea[name=note]").fill(note)
    follow(page, form.get_by_role("button", name=button))


def logout(page) -> None:
    follow(page, page.get_by_role("button", name="Keluar"))


def test_plan_drafted_returned_mended_approved_and_printed(page, agency_setup, tmp_path: Path):
    staff = agency_setup["staff"]

    # The employee creates the plan and adds a MAIN work result linked to the leader's.
    login(page, STAFF_NIP, PASSWORD)
    follow(page, page.get_by_role("link", name="SKP Saya"))
    follow(page, page.get_by_role("button", name="Buat SKP"))
    assert page.locator("#plan-status").inner_text() == "Draf"
    page.select_option("#id_wr-kind", "MAIN")
    page.fill("#id_wr-text", STAFF_RESULT)
    page.select_option("#id_wr-supports", label=f"[Utama] {LEADER_RESULT}")
    follow(page, page.get_by_role("button", name="Tambah RHK"))
    add_indicator(page, "Jumlah laporan data kepegawaian", "QUANTITY", "12", "Laporan")
    add_indicator(page, "Persentase data yang akurat", "QUALITY", "100", "%")
    add_indicator(page, "Ketepatan waktu penyampaian laporan", "TIME", "12", "Bulan")

    # A planning dialogue, then submit.
    page.fill("#id_dialogue-date", timezone.localdate().isoformat())
    page.select_option("#id_dialogue-topic", "PLANNING")
    page.fill("#id_dialogue-notes", "Membahas target laporan bulanan.")
    follow(page, page.get_by_role("button", name="Simpan dialog"))
    press(page, "Ajukan SKP")
    assert page.locator("#plan-status").inner_text() == "Diajukan"
    plan_url = page.url.split("#")[0]
    logout(page)

    # The appraiser returns it with a note.
    login(page, agency_setup["leader_user"].username, PASSWORD)
    page.goto(plan_url)
    press(page, "Kembalikan dengan catatan", note=RETURN_NOTE)
    assert page.locator("#plan-status").inner_text() == "Ditolak"
    logout(page)

    # The employee reads the note, reopens, mends the work result and resubmits.
    login(page, STAFF_NIP, PASSWORD)
    follow(page, page.get_by_role("link", name="SKP Saya"))
    assert RETURN_NOTE in page.locator("main").inner_text()
    follow(page, page.locator("main h2 a").first)
    assert RETURN_NOTE in page.locator("#return-note").inner_text()
    press(page, "Buka kembali untuk diperbaiki")
    follow(page, page.get_by_role("link", name="Ubah RHK").first)
    page.fill("#id_wr-text", MENDED_RESULT)
    follow(page, page.get_by_role("button", name="Simpan"))
    assert MENDED_RESULT in page.locator("main").inner_text()
    press(page, "Ajukan SKP")
    assert page.locator("#plan-status").inner_text() == "Diajukan"
    logout(page)

    # HR reviews (hr_review_before_approval is on by default, PLAN-21).
    login(page, agency_setup["hr"].username, PASSWORD)
    page.goto(plan_url)
    press(page, "Tandai sudah direviu")
    assert "Direviu pengelola kinerja" in page.locator("main").inner_text()
    logout(page)

    # The appraiser approves.
    login(page, agency_setup["leader_user"].username, PASSWORD)
    follow(page, page.get_by_role("link", name="SKP Bawahan"))
    follow(page, page.get_by_role("link", name="Periksa dan tetapkan"))
    press(page, "Tetapkan SKP")
    assert page.locator("#plan-status").inner_text() == "Disetujui"

    # The PDF downloads and holds the NIP and the work result.
    with page.expect_download() as download_info:
        page.locator("#download-pdf").click()
    target = tmp_path / "skp.pdf"
    download_info.value.save_as(target)
    data = target.read_bytes()
    assert data.startswith(b"%PDF")
    text = "".join(pdf_text(data).split())  # table cells wrap lines: compare without spaces
    assert STAFF_NIP in text  # printed as 19860926 201505 1 001
    assert "".join(MENDED_RESULT.split()) in text

    plan = PerformancePlan.objects.get(employee=staff)
    assert plan.status == PlanStatus.APPROVED
    assert plan.work_results.get().text == MENDED_RESULT

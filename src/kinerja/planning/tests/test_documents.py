"""Official planning documents: the SKP and annex PDF (DOC-1..DOC-8, DOC-13), the JA/JF workbook
(DOC-12) and the unit export (INT-7), with who may download them.

Text assertions read the HTML that WeasyPrint renders (the same template and context), because
pdftotext may be absent; one test checks the PDF bytes themselves.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from kinerja.accounts.models import Role
from kinerja.core.testing import make_agency, make_employee, make_position, make_unit, make_user
from kinerja.planning.choices import PlanStatus
from kinerja.planning.documents.context import plan_document
from kinerja.planning.documents.formatting import date_id, number_id, period_id, target_id
from kinerja.planning.documents.pdf import annex_html, skp_html
from kinerja.planning.models import Indicator, PlanAnnexItem, WorkResult
from kinerja.planning.services.transitions import plan_transition
from kinerja.planning.tests.factories import (
    add_planning_dialogue,
    add_work_result,
    build_org,
    open_cycle,
    plan_of,
)

pytestmark = pytest.mark.django_db

JA_JF_SUBTITLE = (
    "PENDEKATAN HASIL KERJA KUANTITATIF BAGI PEJABAT ADMINISTRASI DAN PEJABAT FUNGSIONAL"
)
JA_JF_HEADINGS = (
    "(1) NO",
    "(2) RENCANA HASIL KERJA PIMPINAN YANG DIINTERVENSI",
    "(3) RENCANA HASIL KERJA",
    "(4) ASPEK",
    "(5) INDIKATOR KINERJA INDIVIDU",
    "(6) TARGET",
)
JPT_HEADINGS = (
    "(1) NO",
    "(2) RENCANA HASIL KERJA",
    "(3) INDIKATOR KINERJA INDIVIDU",
    "(4) TARGET",
    "(5) PERSPEKTIF",
)
SIGNATURE_MARK = 'class="signatures"'


def _grouped(nip: str) -> str:
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


@pytest.fixture
def org():
    return build_org()


@pytest.fixture
def cycle(org):
    return open_cycle(org)


def _approve_staff_plan(org, plan):
    """Through the one workflow service: the staff member submits, HR reviews, the appraiser
    (Kepala Bidang) approves (PLAN-20, PLAN-21), which takes the PLAN-5 header snapshot."""
    today = dt.date(2026, 1, 20)
    for actor, action in (
        (org.users["staff"], "submit"),
        (org.hr, "review"),
        (org.users["kabid"], "approve"),
    ):
        result = plan_transition(
            actor=actor, plan=plan, action=action, confirm_warnings=True, today=today
        )
        assert result.applied
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    return plan


@pytest.fixture
def staff_plan(org, cycle):
    """A JA/JF plan of the staff member cascading from the Kepala Bidang's plan."""
    kabid_plan = plan_of(org.kabid, cycle)
    leader = add_work_result(kabid_plan, "Meningkatnya mutu layanan pendidikan dasar")
    kabid_plan.status = PlanStatus.APPROVED  # setup: the supervisor's plan is in force (PLAN-9)
    kabid_plan.save(update_fields=["status"])
    plan = plan_of(org.staff, cycle)
    add_work_result(plan, "Tersusunnya laporan administrasi sekolah", supports=leader)
    add_planning_dialogue(plan)
    return plan


# Formatting ------------------------------------------------------------------------------------


def test_numbers_print_indonesian_without_trailing_zeros():
    assert number_id(Decimal("2.0000")) == "2"
    assert number_id(Decimal("2.5000")) == "2,5"
    assert number_id(Decimal("1500")) == "1.500"
    assert number_id(Decimal("1234567.25")) == "1.234.567,25"
    assert number_id(Decimal("0.0500")) == "0,05"


def test_targets_print_by_kind_PLAN_13():
    """PLAN-13."""
    assert target_id("NUMBER", value=Decimal("2.0000"), unit="Dokumen") == "2 Dokumen"
    assert (
        target_id("RANGE", minimum=Decimal("80"), maximum=Decimal("100"), unit="%") == "80 – 100 %"
    )
    assert target_id("TEXT", text="Laporan diterima pimpinan") == "Laporan diterima pimpinan"


def test_period_prints_indonesian_months_DOC_3():
    """DOC-3."""
    assert period_id(dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == "01 Januari sd 31 Desember 2026"
    assert period_id(dt.date(2026, 3, 15), dt.date(2026, 8, 31)) == "15 Maret sd 31 Agustus 2026"


# SKP content -------------------------------------------------------------------------------------


def test_draft_ja_jf_skp_prints_form_and_no_signature_block_DOC_8(org, staff_plan):
    """DOC-2, DOC-5, ID-8, DOC-8."""
    html = skp_html(plan_document(staff_plan))

    assert "SASARAN KINERJA PEGAWAI" in html
    assert JA_JF_SUBTITLE in html
    for heading in JA_JF_HEADINGS:
        assert f"<th>{heading}</th>" in html
    assert "A. UTAMA" in html
    assert "B. TAMBAHAN" in html
    assert "Tersusunnya laporan administrasi sekolah" in html
    assert "Meningkatnya mutu layanan pendidikan dasar" in html
    assert _grouped(org.staff.nip) in html
    assert "Periode Penilaian: 01 Januari sd 31 Desember 2026" in html
    assert org.agency.name in html
    assert 'class="watermark">DRAF<' in html
    assert SIGNATURE_MARK not in html


def test_header_blocks_print_the_five_rows_DOC_3(org, staff_plan):
    """DOC-3."""
    document = plan_document(staff_plan)

    assert document.employee.rows() == [
        ("Nama", "Staf"),
        ("NIP", _grouped(org.staff.nip)),
        ("Pangkat/Gol. Ruang", "Pengatur, II/c"),
        ("Jabatan", "Pengadministrasi Umum"),
        ("Unit Kerja", "Bidang Pendidikan Dasar"),
    ]
    assert document.appraiser.rows() == [
        ("Nama", "Kabid"),
        ("NIP", _grouped(org.kabid.nip)),
        ("Pangkat/Gol. Ruang", "Pembina, IV/a"),
        ("Jabatan", "Kepala Bidang Pendidikan Dasar"),
        ("Unit Kerja", "Bidang Pendidikan Dasar"),
    ]


def test_work_result_spans_its_indicator_rows_DOC_5(staff_plan):
    """DOC-5."""
    html = skp_html(plan_document(staff_plan))

    assert '<td rowspan="3">Tersusunnya laporan administrasi sekolah</td>' in html
    assert '<td class="aspect">Kuantitas</td>' in html
    assert '<td class="aspect">Kualitas</td>' in html
    assert '<td class="aspect">Waktu</td>' in html
    assert '<td class="target">2 Dokumen</td>' in html
    assert '<td class="target">100 %</td>' in html
    assert '<td class="target">12 Bulan</td>' in html


def test_assigned_work_result_prints_suffix_PLAN_7(staff_plan):
    """PLAN-7."""
    WorkResult.objects.filter(plan=staff_plan).update(assigned_by="Kepala Dinas")

    html = skp_html(plan_document(staff_plan))

    assert "Tersusunnya laporan administrasi sekolah (penugasan dari Kepala Dinas)" in html


def test_ja_jf_rows_ungrouped_when_setting_off_DOC_5(staff_plan):
    """DOC-5."""
    cycle = staff_plan.cycle
    cycle.settings_snapshot = {**cycle.settings_snapshot, "ja_jf_row_grouping": False}
    cycle.save(update_fields=["settings_snapshot"])

    html = skp_html(plan_document(staff_plan))

    assert "A. UTAMA" not in html
    assert "B. TAMBAHAN" not in html
    assert "Tersusunnya laporan administrasi sekolah" in html


def test_behaviour_table_has_seven_rows_with_guides_DOC_6(staff_plan):
    """DOC-6."""
    staff_plan.behaviour_expectations.filter(value="AKUNTABEL").update(
        expectation="Menyelesaikan laporan tepat waktu"
    )

    document = plan_document(staff_plan)
    html = skp_html(document)

    for heading in ("NO", "PERILAKU KERJA", "EKSPEKTASI KHUSUS PIMPINAN"):
        assert f"<th>{heading}</th>" in html
    assert [row.value for row in document.behaviours] == [
        "Berorientasi Pelayanan",
        "Akuntabel",
        "Kompeten",
        "Harmonis",
        "Loyal",
        "Adaptif",
        "Kolaboratif",
    ]
    assert "<li>Memahami dan memenuhi kebutuhan masyarakat</li>" in html
    assert "<li>Menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama</li>" in html
    assert document.behaviours[1].expectation == "Menyelesaikan laporan tepat waktu"
    assert "Menyelesaikan laporan tepat waktu" in html


def test_jpt_skp_prints_perspective_and_no_aspect_DOC_4(org, cycle):
    """DOC-4."""
    plan = plan_of(org.kadis, cycle)
    add_work_result(plan, "Meningkatnya angka partisipasi sekolah")

    html = skp_html(plan_document(plan))

    assert (
        "PENDEKATAN HASIL KERJA KUANTITATIF BAGI PEJABAT PIMPINAN TINGGI DAN PIMPINAN UNIT "
        "KERJA MANDIRI"
    ) in html
    for heading in JPT_HEADINGS:
        assert f"<th>{heading}</th>" in html
    assert "PERSPEKTIF" in html
    assert "ASPEK" not in html
    assert '<td class="perspective">Proses Bisnis</td>' in html
    assert "A. UTAMA" in html


def test_qualitative_plan_prints_kualitatif_and_text_target_DOC_13(org, staff_plan):
    """DOC-13."""
    staff_plan.approach = "QUALITATIVE"
    staff_plan.save(update_fields=["approach"])
    Indicator.objects.filter(work_result__plan=staff_plan, aspect="QUALITY").update(
        target_kind="TEXT", target_value=None, target_unit="", target_text="Diterima tanpa revisi"
    )

    html = skp_html(plan_document(staff_plan))

    assert (
        "PENDEKATAN HASIL KERJA KUALITATIF BAGI PEJABAT ADMINISTRASI DAN PEJABAT FUNGSIONAL"
    ) in html
    assert '<td class="target">Diterima tanpa revisi</td>' in html


def test_annex_prints_three_headings_even_when_empty_DOC_7(staff_plan):
    """DOC-7."""
    html = annex_html(plan_document(staff_plan))

    assert "LAMPIRAN SASARAN KINERJA PEGAWAI" in html
    positions = [
        html.index(f"<h2>{h}</h2>")
        for h in ("Dukungan Sumber Daya", "Skema Pertanggungjawaban", "Konsekuensi")
    ]
    assert positions == sorted(positions)
    assert "<li>" not in html
    assert SIGNATURE_MARK not in html


def test_annex_lists_items_under_their_section_DOC_7(staff_plan):
    """DOC-7."""
    PlanAnnexItem.objects.create(
        agency_id=staff_plan.agency_id,
        plan=staff_plan,
        section="CONSEQUENCES",
        text="Teguran tertulis",
    )
    PlanAnnexItem.objects.create(
        agency_id=staff_plan.agency_id,
        plan=staff_plan,
        section="RESOURCE_SUPPORT",
        text="Laptop kantor",
    )

    html = annex_html(plan_document(staff_plan))

    support, scheme, consequences = (
        html.index(f"<h2>{h}</h2>")
        for h in ("Dukungan Sumber Daya", "Skema Pertanggungjawaban", "Konsekuensi")
    )
    assert support < html.index("Laptop kantor") < scheme
    assert consequences < html.index("Teguran tertulis")


# Approved plans print the snapshot and the signature block -----------------------------------


def test_approved_ja_jf_skp_prints_snapshot_and_signatures_DOC_8(org, staff_plan):
    """DOC-8."""
    plan = _approve_staff_plan(org, staff_plan)
    org.staff.name = "Nama Baru Setelah Penetapan"
    org.staff.save(update_fields=["name"])

    document = plan_document(plan)
    html = skp_html(document)

    assert "SASARAN KINERJA PEGAWAI" in html
    assert JA_JF_SUBTITLE in html
    for heading in JA_JF_HEADINGS:
        assert f"<th>{heading}</th>" in html
    assert "A. UTAMA" in html
    assert "Tersusunnya laporan administrasi sekolah" in html
    assert f"NIP. {_grouped(org.staff.nip)}" in html
    assert f"NIP. {_grouped(org.kabid.nip)}" in html
    assert SIGNATURE_MARK in html
    assert "<td>Pegawai yang Dinilai</td><td>Pejabat Penilai Kinerja</td>" in html
    assert "watermark" not in html.split("</style>")[1]
    # PLAN-5: the header prints the snapshot, not today's master data.
    assert document.employee.name == "Staf"
    assert "Nama Baru Setelah Penetapan" not in html
    signed_on = timezone.localtime(plan.approved_at).date()
    assert document.place_and_date == f"{org.agency.place}, {date_id(signed_on)}"
    assert f'<td class="place">{document.place_and_date}</td>' in html


def test_approved_annex_carries_the_signature_block_DOC_7_DOC_8(org, staff_plan):
    """DOC-7, DOC-8."""
    plan = _approve_staff_plan(org, staff_plan)

    html = annex_html(plan_document(plan))

    assert "LAMPIRAN SASARAN KINERJA PEGAWAI" in html
    assert SIGNATURE_MARK in html


def test_document_blocked_while_header_field_empty_DOC_1(client, org, staff_plan):
    """DOC-1."""
    org.staff.grade = None
    org.staff.save(update_fields=["grade"])
    client.force_login(org.users["staff"])

    response = client.get(reverse("planning:plan-pdf", kwargs={"pk": staff_plan.pk}))

    assert response.status_code == 422
    assert "Pegawai yang Dinilai: Pangkat/Gol. Ruang" in response.content.decode()


# Downloads ---------------------------------------------------------------------------------------


def test_pdf_download_is_a_pdf(client, org, staff_plan):
    plan = _approve_staff_plan(org, staff_plan)
    client.force_login(org.users["staff"])

    response = client.get(reverse("planning:plan-pdf", kwargs={"pk": plan.pk}))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="SKP-{org.staff.nip}-2026.pdf"'
    )
    assert response.content.startswith(b"%PDF")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler) not installed")
def test_pdf_text_holds_the_nip_and_the_work_result(client, org, staff_plan):
    plan = _approve_staff_plan(org, staff_plan)
    client.force_login(org.users["staff"])

    response = client.get(reverse("planning:plan-pdf", kwargs={"pk": plan.pk}))

    text = subprocess.run(  # noqa: S603
        [shutil.which("pdftotext"), "-layout", "-", "-"],
        input=response.content,
        capture_output=True,
        check=True,
    ).stdout.decode()
    assert _grouped(org.staff.nip) in text
    assert "Tersusunnya laporan administrasi sekolah" in text


def test_annex_pdf_download(client, org, staff_plan):
    client.force_login(org.users["kabid"])

    response = client.get(reverse("planning:plan-annex-pdf", kwargs={"pk": staff_plan.pk}))

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == (
        f'attachment; filename="LAMPIRAN-SKP-{org.staff.nip}-2026.pdf"'
    )


@pytest.mark.parametrize("who", ["staff", "kabid", "hr", "head", "auditor"])
def test_pdf_downloadable_by_parties_hr_head_and_auditor(client, org, staff_plan, who):
    users = {
        **org.users,
        "hr": org.hr,
        "head": make_user(agency=org.agency, roles=(Role.AGENCY_HEAD,)),
        "auditor": make_user(agency=org.agency, roles=(Role.AUDITOR,)),
    }
    client.force_login(users[who])

    response = client.get(reverse("planning:plan-pdf", kwargs={"pk": staff_plan.pk}))

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_pdf_of_another_agency_is_404(client, org, staff_plan):
    other = make_agency("lain")
    unit = make_unit(other, "Dinas Lain")
    stranger = make_employee(other, "Orang Lain", position=make_position(unit, "Staf Lain"))
    for user in (make_user(stranger), make_user(agency=other, roles=(Role.HR_ADMIN,))):
        client.force_login(user)
        for name in ("planning:plan-pdf", "planning:plan-annex-pdf", "planning:plan-xlsx"):
            response = client.get(reverse(name, kwargs={"pk": staff_plan.pk}))
            assert response.status_code == 404


def test_pdf_of_a_colleague_is_404(client, org, staff_plan):
    client.force_login(org.users["jf"])

    response = client.get(reverse("planning:plan-pdf", kwargs={"pk": staff_plan.pk}))

    assert response.status_code == 404


def test_pdf_answers_503_without_weasyprint(client, org, staff_plan, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_weasyprint(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_weasyprint)
    client.force_login(org.users["staff"])

    response = client.get(reverse("planning:plan-pdf", kwargs={"pk": staff_plan.pk}))

    assert response.status_code == 503
    assert "WeasyPrint" in response.content.decode()


# Workbooks ---------------------------------------------------------------------------------------


def test_plan_xlsx_has_the_official_tabs_DOC_12(client, org, staff_plan):
    """DOC-12."""
    plan = _approve_staff_plan(org, staff_plan)
    client.force_login(org.users["staff"])

    response = client.get(reverse("planning:plan-xlsx", kwargs={"pk": plan.pk}))

    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "SKP JA JF",
        "LAMP SKP",
        "EV. KINERJA",
        "DOK. EV.",
        "KUADRAN",
        "POLA DIST.",
    ]
    values = [c for row in workbook["SKP JA JF"].iter_rows(values_only=True) for c in row if c]
    assert "SASARAN KINERJA PEGAWAI" in values
    assert JA_JF_SUBTITLE in values
    assert list(JA_JF_HEADINGS) == [v for v in values if v in JA_JF_HEADINGS]
    assert "A. UTAMA" in values
    assert _grouped(org.staff.nip) in values
    assert f"NIP. {_grouped(org.staff.nip)}" in values
    annex = [c for row in workbook["LAMP SKP"].iter_rows(values_only=True) for c in row if c]
    assert [
        v for v in annex if v in ("Dukungan Sumber Daya", "Skema Pertanggungjawaban", "Konsekuensi")
    ] == ["Dukungan Sumber Daya", "Skema Pertanggungjawaban", "Konsekuensi"]


def test_plan_xlsx_refused_for_jpt_plan_DOC_12(client, org, cycle):
    """DOC-12."""
    client.force_login(org.hr)

    response = client.get(
        reverse("planning:plan-xlsx", kwargs={"pk": plan_of(org.kadis, cycle).pk})
    )

    assert response.status_code == 422
    assert "JPT" in response.content.decode()


def test_unit_xlsx_rows_per_indicator_with_nip_as_text_INT_7(client, org, staff_plan):
    """INT-7."""
    client.force_login(org.hr)
    unit = org.staff_pos.unit

    response = client.get(
        reverse(
            "planning:unit-plans-xlsx", kwargs={"cycle_pk": staff_plan.cycle_id, "unit_pk": unit.pk}
        )
    )

    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["SKP per indikator", "Ringkasan SKP"]
    rows = list(workbook["SKP per indikator"].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    nip = header.index("NIP")
    staff_rows = [r for r in body if r[nip] == org.staff.nip]
    assert len(staff_rows) == 3  # one per indicator
    assert all(isinstance(r[nip], str) and len(r[nip]) == 18 for r in body)
    row = dict(zip(header, staff_rows[0], strict=True))
    assert row["Status (kode)"] == "DRAFT"
    assert row["Status"] == "Draf"
    assert row["Jenis SKP (kode)"] == "JA_JF"
    assert row["Rencana hasil kerja"] == "Tersusunnya laporan administrasi sekolah"
    assert row["RHK pimpinan yang diintervensi"] == "Meningkatnya mutu layanan pendidikan dasar"
    assert row["Aspek (kode)"] == "QUANTITY"
    assert row["Target (tercetak)"] == "2 Dokumen"
    assert row["Satuan"] == "Dokumen"
    # Unit with sub-units: the Bidang holds Kabid, staff and JF; the summary has one row each.
    summary = list(workbook["Ringkasan SKP"].iter_rows(values_only=True))
    assert sorted(r[3] for r in summary[1:]) == sorted([org.kabid.nip, org.staff.nip, org.jf.nip])


def test_unit_xlsx_for_unit_head_subtree_only(client, org, staff_plan):
    client.force_login(org.users["kabid"])
    bidang = org.staff_pos.unit
    dinas = org.kadis_pos.unit

    own = client.get(
        reverse(
            "planning:unit-plans-xlsx",
            kwargs={"cycle_pk": staff_plan.cycle_id, "unit_pk": bidang.pk},
        )
    )
    above = client.get(
        reverse(
            "planning:unit-plans-xlsx",
            kwargs={"cycle_pk": staff_plan.cycle_id, "unit_pk": dinas.pk},
        )
    )

    assert own.status_code == 200
    assert above.status_code == 403


def test_unit_xlsx_refused_to_staff_and_other_agency(client, org, staff_plan):
    unit = org.staff_pos.unit
    url = reverse(
        "planning:unit-plans-xlsx", kwargs={"cycle_pk": staff_plan.cycle_id, "unit_pk": unit.pk}
    )
    client.force_login(org.users["staff"])
    assert client.get(url).status_code == 403
    client.force_login(make_user(agency=make_agency("lain"), roles=(Role.HR_ADMIN,)))
    assert client.get(url).status_code == 404


def test_external_official_appraiser_prints_without_nip_ID_11(client, org, cycle):
    """ID-11."""
    plan = plan_of(org.sekda, cycle)
    add_work_result(plan, "Meningkatnya kinerja birokrasi daerah")
    client.force_login(org.hr)

    document = plan_document(plan)
    response = client.get(reverse("planning:plan-pdf", kwargs={"pk": plan.pk}))

    assert plan.appraiser_official_id == org.bupati.pk
    assert document.appraiser.rows() == [
        ("Nama", "H. Bupati Contoh"),
        ("NIP", ""),
        ("Pangkat/Gol. Ruang", "-"),
        ("Jabatan", "Bupati"),
        ("Unit Kerja", org.agency.name),
    ]
    assert document.missing == []
    assert response.status_code == 200

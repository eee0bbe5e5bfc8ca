"""The demo agencies: structure, invariants, accounts and idempotency."""

from __future__ import annotations

import datetime as dt
import io

from django.core.management import call_command
from django.db.models import Count, F, Q
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kinerja.accounts.models import Role, RoleGrant, User
from kinerja.config.env import BASE_DIR
from kinerja.core.audit import audit_for
from kinerja.core.models import AuditEntry
from kinerja.demo import spec
from kinerja.demo.accounts import demo_accounts
from kinerja.demo.builder import DEMO_PASSWORD
from kinerja.org.choices import LEVELS_BY_TYPE, OfficialRole
from kinerja.org.models import Agency, ExternalOfficial, OrgUnit, Position
from kinerja.people.appraisal import appraiser_chain, appraiser_for, position_holder
from kinerja.people.models import AppraiserOverride, Assignment, Employee
from kinerja.people.nip import parse_nip
from kinerja.people.selectors import employee_list_visible_to

GK = spec.GUNUNGKIDUL_CODE
YK = spec.YOGYAKARTA_CODE


def holder(code: str, on: dt.date | None = None) -> Employee:
    position = Position.objects.get(agency__code=GK, code=code)
    employee = position_holder(position, on or timezone.localdate())
    assert employee is not None, code
    return employee


def test_demo_builds_both_agencies_with_about_300_employees(demo):
    gunungkidul = Agency.objects.get(code=GK)
    yogyakarta = Agency.objects.get(code=YK)
    assert (gunungkidul.name, gunungkidul.level, gunungkidul.time_zone, gunungkidul.place) == (
        "Pemerintah Kabupaten Gunungkidul",
        "REGENCY",
        "Asia/Jakarta",
        "Wonosari",
    )
    assert (yogyakarta.name, yogyakarta.level) == ("Pemerintah Kota Yogyakarta", "CITY")
    assert Employee.objects.filter(agency=gunungkidul).count() == 318
    assert Employee.objects.filter(agency=yogyakarta).count() == 15
    assert Employee.objects.filter(agency=gunungkidul, employee_type="PPPK").count() == 16
    assert "Pemerintah Kabupaten Gunungkidul (gunungkidul): built" in demo


def test_schools_and_puskesmas_serve_the_public(demo):
    schools = OrgUnit.objects.filter(agency__code=GK, kind="SCHOOL")
    centres = OrgUnit.objects.filter(agency__code=GK, kind="HEALTH_CENTRE")
    assert schools.count() == 6
    assert centres.count() == 4
    assert not schools.filter(serves_public=False).exists()
    assert not centres.filter(serves_public=False).exists()
    assert set(schools.values_list("parent__code", flat=True)) == {"DISDIK"}


def test_every_nip_is_valid_and_unique_ID_1_to_ID_9(demo):
    rows = list(Employee.objects.values_list("nip", "employee_type", "birth_date", "gender"))
    for nip, employee_type, birth_date, gender in rows:
        info = parse_nip(nip, employee_type)
        assert (info.birth_date, info.gender) == (birth_date, gender)
    assert len({nip for nip, *_ in rows}) == len(rows) == 333


def test_grades_match_the_employee_type_REF_12(demo):
    assert Employee.objects.exclude(grade__employee_type=F("employee_type")).count() == 0
    assert Employee.objects.filter(grade__isnull=True).count() == 0


def test_every_position_has_a_valid_type_and_level_REF_13(demo):
    for position_type, level in Position.objects.values_list("position_type", "level"):
        assert level in LEVELS_BY_TYPE[position_type]


def test_every_unit_has_exactly_one_head_ORG_3(demo):
    heads = OrgUnit.objects.annotate(
        heads=Count("positions", filter=Q(positions__is_unit_head=True))
    )
    assert heads.count() == 102
    assert list(heads.exclude(heads=1).values_list("code", flat=True)) == []


def test_heads_report_to_the_head_of_the_parent_unit(demo):
    sekda = Position.objects.get(agency__code=GK, code="SETDA-00")
    assert (sekda.name, sekda.position_type, sekda.level, sekda.reports_to) == (
        "Sekretaris Daerah",
        "JPT",
        "PRATAMA",
        None,
    )
    for head in Position.objects.filter(agency__code=GK, is_unit_head=True).select_related(
        "unit__parent", "reports_to"
    ):
        if head.unit.parent is not None:
            assert head.reports_to.unit_id == head.unit.parent_id, head.code
            assert head.reports_to.is_unit_head, head.code
        elif head != sekda:
            # Badan, dinas and inspektorat heads (JPT Pratama) report to the Sekda.
            assert (head.reports_to, head.position_type, head.level) == (sekda, "JPT", "PRATAMA")


def test_staff_report_to_the_head_of_their_unit(demo):
    staff = Position.objects.filter(agency__code=GK, is_unit_head=False).select_related(
        "reports_to"
    )
    assert staff.count() == 226
    for position in staff:
        assert position.reports_to.is_unit_head
        assert position.reports_to.unit_id == position.unit_id


def test_every_employee_but_the_sekda_has_a_derived_appraiser_ORG_6(demo):
    today = timezone.localdate()
    sekdas = Assignment.objects.filter(position__code="SETDA-00").values("employee_id")
    assert sekdas.count() == 2  # one per agency
    for employee in Employee.objects.exclude(pk__in=sekdas):
        appraiser = appraiser_for(employee, today)
        assert appraiser is not None, employee.nip
        assert appraiser.source == "DERIVED"
        assert appraiser.employee != employee


def test_the_sekda_is_appraised_by_the_bupati_ORG_7(demo):
    sekda = User.objects.get(username="sekda").employee
    appraiser = appraiser_for(sekda, timezone.localdate())
    bupati = ExternalOfficial.objects.get(agency__code=GK)
    assert (bupati.position_title, bupati.role) == (
        "Bupati Gunungkidul",
        OfficialRole.KEPALA_DAERAH,
    )
    assert (appraiser.external_official, appraiser.source) == (bupati, "OVERRIDE")
    assert AppraiserOverride.objects.filter(agency__code=GK).count() == 1


def test_vacant_head_is_skipped_upward(demo):
    vacant = Position.objects.get(agency__code=GK, code="DINSOS-LINJAM-BENCANA-00")
    assert Assignment.objects.filter(position=vacant).count() == 0
    staff = holder("DINSOS-LINJAM-BENCANA-01")
    appraiser = appraiser_for(staff, timezone.localdate())
    assert appraiser.employee == holder("DINSOS-LINJAM-00")
    assert appraiser.position.code == "DINSOS-LINJAM-00"


def test_plt_holds_the_vacant_bidang_and_appraises_its_seksi_heads(demo):
    acting = Assignment.objects.get(agency__code=GK, kind="PLT")
    assert (acting.position.code, acting.start_date, acting.end_date) == (
        "DISHUB-LALIN-00",
        dt.date(2026, 2, 2),
        None,
    )
    assert acting.employee == holder("DISHUB-SEK-00")
    kasi = holder("DISHUB-LALIN-MRLL-00")
    assert appraiser_for(kasi, timezone.localdate()).employee == acting.employee


def test_transfer_on_2026_07_01_closes_the_old_post_and_changes_the_appraiser(demo):
    moved = holder("INSP-IRBAN2-05")
    history = list(
        moved.assignments.order_by("start_date").values_list("position__code", "end_date")
    )
    assert history[-2:] == [("BKPSDM-PKA-02", dt.date(2026, 6, 30)), ("INSP-IRBAN2-05", None)]
    assert moved.assignments.get(position__code="INSP-IRBAN2-05").start_date == dt.date(2026, 7, 1)
    before, _ = appraiser_chain(moved, dt.date(2026, 6, 30))
    after, reviewer = appraiser_chain(moved, dt.date(2026, 7, 1))
    assert before.position.code == "BKPSDM-PKA-00"
    assert after.position.code == "INSP-IRBAN2-00"
    assert reviewer.position.code == "INSP-00"
    reasons = list(audit_for(moved).values_list("reason", flat=True))
    assert reasons.count("Mutasi antar perangkat daerah.") == 2  # closed and opened


def test_everything_is_in_the_audit_trail_GEN_4(demo):
    gunungkidul = Agency.objects.get(code=GK)
    created = AuditEntry.objects.filter(agency=gunungkidul, action="CREATE")
    assert created.filter(object_type="people.employee").count() == 318
    assert created.filter(object_type="org.position").count() == 322
    assert created.filter(object_type="org.orgunit").count() == 96
    organisation = created.filter(
        object_type__in=[
            "org.agency",
            "org.orgunit",
            "org.position",
            "people.employee",
            "people.assignment",
        ]
    )
    assert set(organisation.values_list("actor__username", flat=True)) == {"admin", "bkpsdm"}


def test_every_employee_has_an_account_named_by_nip(demo):
    users = User.objects.filter(employee__isnull=False)
    assert users.count() == Employee.objects.count() == 333
    assert users.exclude(username=F("employee__nip")).get().username == "sekda"
    assert not users.filter(agency_id__isnull=True).exists()


def test_role_accounts(demo):
    grants = set(RoleGrant.objects.values_list("user__username", "agency__code", "role"))
    assert grants == {
        ("bkpsdm", GK, Role.HR_ADMIN),
        ("sekda", GK, Role.AGENCY_HEAD),
        ("inspektorat", GK, Role.AUDITOR),
        ("bkpsdm-yogya", YK, Role.HR_ADMIN),
    }
    admin = User.objects.get(username="admin")
    assert (admin.is_superuser, admin.agency_id, admin.employee_id) == (True, None, None)


def test_named_accounts_are_the_expected_people(demo):
    rows = {row.role: row for row in demo_accounts()}
    for role, code in spec.NAMED_POSITIONS:
        assert rows[role].username == holder(code).nip
    pppk = Employee.objects.get(nip=rows["PPPK (guru)"].username)
    guru = Employee.objects.get(nip=rows["Guru (JF)"].username)
    assert (pppk.employee_type, guru.employee_type) == ("PPPK", "PNS")
    assert rows["Agency head (Sekda)"].position == "Sekretaris Daerah"
    assert "Plt. Kepala Bidang Lalu Lintas" in rows["Plt. (acting head)"].position


def test_every_named_account_logs_in_with_its_nip_or_username(demo):
    identifiers = [part for row in demo_accounts() for part in row.username.split(" or ")]
    assert len(identifiers) == 14
    for identifier in identifiers:
        client = Client()
        response = client.post(
            reverse("accounts:login"), {"username": identifier, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, identifier
        user = User.objects.get(pk=client.session["_auth_user_id"])
        assert identifier in (user.username, getattr(user.employee, "nip", None))


def test_a_wrong_password_does_not_log_in(demo, client):
    response = client.post(
        reverse("accounts:login"), {"username": "bkpsdm", "password": "kinerja-demo-2025"}
    )
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_second_agency_hr_cannot_see_gunungkidul_employees_ORG_9(demo):
    yogya_hr = User.objects.get(username="bkpsdm-yogya")
    visible = employee_list_visible_to(yogya_hr)
    assert visible.count() == 15
    assert not visible.filter(agency__code=GK).exists()
    assert employee_list_visible_to(User.objects.get(username="bkpsdm")).count() == 318


def test_running_the_demo_twice_does_not_duplicate_anything(demo):
    models = (
        Agency,
        OrgUnit,
        Position,
        Employee,
        Assignment,
        User,
        RoleGrant,
        AuditEntry,
        ExternalOfficial,
        AppraiserOverride,
    )
    before = {model.__name__: model.objects.count() for model in models}
    out = io.StringIO()
    call_command("kinerja_demo", no_accounts_file=True, stdout=out)
    after = {model.__name__: model.objects.count() for model in models}
    assert after == before
    assert "already present, left alone" in out.getvalue()


def test_accounts_file_is_generated_and_matches_docs(demo, tmp_path):
    """docs/demo-accounts.md must be regenerated when the demo changes (kinerja demo does)."""
    target = tmp_path / "accounts.md"
    call_command("kinerja_demo", accounts_file=str(target), stdout=io.StringIO())
    text = target.read_text(encoding="utf-8")
    assert f"Every password is `{DEMO_PASSWORD}`" in text
    assert text == (BASE_DIR / "docs" / "demo-accounts.md").read_text(encoding="utf-8")


def test_command_prints_the_accounts_table(demo):
    header = next(line for line in demo.splitlines() if line.startswith("Role"))
    assert header.split() == ["Role", "Username", "/", "NIP", "Name", "Position"]
    sekda = User.objects.get(username="sekda").employee
    assert f"sekda or {sekda.nip}" in demo

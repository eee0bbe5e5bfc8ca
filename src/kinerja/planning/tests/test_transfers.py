"""The one transfer path: employee_transfer_with_plans moves the post (ORG-5) and the plans
(PLAN-25) in one transaction."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kinerja.core.testing import make_position
from kinerja.people.models import Assignment
from kinerja.planning.models import PerformancePlan
from kinerja.planning.services.plans import employee_transfer_with_plans
from kinerja.planning.tests.factories import build_org, first_rule, open_cycle, plan_of

pytestmark = pytest.mark.django_db

MOVE = dt.date(2026, 7, 1)


@pytest.fixture
def org():
    return build_org()


@pytest.fixture
def new_post(org):
    return make_position(org.kadis_pos.unit, "Analis Data", reports_to=org.kadis_pos)


def history(employee):
    return list(
        Assignment.objects.filter(employee=employee)
        .order_by("start_date", "kind")
        .values_list("position__name", "kind", "start_date", "end_date")
    )


def test_definitive_move_closes_the_plan_and_opens_a_draft_PLAN_25(org, new_post):
    cycle = open_cycle(org)
    old = plan_of(org.staff, cycle)

    result = employee_transfer_with_plans(
        actor=org.hr, employee=org.staff, position=new_post, start_date=MOVE, reason="SK 12/2026"
    )

    old.refresh_from_db()
    new = PerformancePlan.objects.get(employee=org.staff, position=new_post)
    assert (result.plan_closed, result.plan_opened) == (old, new)
    assert (old.status, old.closed_reason, old.period_end) == (
        "CLOSED",
        "TRANSFER",
        dt.date(2026, 6, 30),
    )
    assert (new.status, new.period_start, new.appraiser_id) == ("DRAFT", MOVE, org.kadis.pk)
    assert (result.closed.position, result.closed.end_date) == (org.staff_pos, dt.date(2026, 6, 30))
    assert (result.opened.position, result.opened.start_date) == (new_post, MOVE)
    assert history(org.staff) == [
        ("Pengadministrasi Umum", "DEFINITIVE", dt.date(2020, 1, 1), dt.date(2026, 6, 30)),
        ("Analis Data", "DEFINITIVE", MOVE, None),
    ]


def test_acting_post_leaves_the_plan_alone_PLAN_25(org, new_post):
    cycle = open_cycle(org)
    old = plan_of(org.staff, cycle)

    result = employee_transfer_with_plans(
        actor=org.hr, employee=org.staff, position=new_post, start_date=MOVE, kind="PLT"
    )

    old.refresh_from_db()
    assert (result.closed, result.plan_closed, result.plan_opened) == (None, None, None)
    assert (old.status, old.period_end) == ("DRAFT", dt.date(2026, 12, 31))
    assert list(PerformancePlan.objects.filter(employee=org.staff)) == [old]
    assert history(org.staff) == [
        ("Pengadministrasi Umum", "DEFINITIVE", dt.date(2020, 1, 1), None),
        ("Analis Data", "PLT", MOVE, None),
    ]


def test_date_outside_the_cycle_saves_nothing_PLAN_25(org, new_post):
    """The post is written first; the refused plan change undoes it (one transaction)."""
    cycle = open_cycle(org)
    old = plan_of(org.staff, cycle)
    before = history(org.staff)

    with pytest.raises(ValidationError) as error:
        employee_transfer_with_plans(
            actor=org.hr, employee=org.staff, position=new_post, start_date=dt.date(2027, 2, 1)
        )

    assert first_rule(error.value) == "PLAN-25"
    assert list(error.value.error_dict) == ["start_date"]  # named as the caller named it
    assert history(org.staff) == before
    assert not Assignment.objects.filter(position=new_post).exists()
    old.refresh_from_db()
    assert (old.status, old.period_end) == ("DRAFT", dt.date(2026, 12, 31))


def test_agency_without_any_cycle_moves_only_the_post_ORG_5(org, new_post):
    """No cycle yet: there is no plan to close, so the transfer is not refused."""
    result = employee_transfer_with_plans(
        actor=None, employee=org.staff, position=new_post, start_date=MOVE
    )

    assert (result.plan_closed, result.plan_opened) == (None, None)
    assert history(org.staff) == [
        ("Pengadministrasi Umum", "DEFINITIVE", dt.date(2020, 1, 1), dt.date(2026, 6, 30)),
        ("Analis Data", "DEFINITIVE", MOVE, None),
    ]
    assert not PerformancePlan.objects.exists()


def test_only_hr_records_a_transfer(org, new_post):
    before = history(org.staff)

    with pytest.raises(PermissionDenied):
        employee_transfer_with_plans(
            actor=org.users["kabid"], employee=org.staff, position=new_post, start_date=MOVE
        )

    assert history(org.staff) == before

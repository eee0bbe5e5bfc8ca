"""The NIP test vectors of rules.md Section 2 (ID-1 to ID-7, ID-10), exactly as listed."""

import datetime as dt

import pytest

from kinerja.people.nip import NipError, build_nip, format_nip, parse_nip

VECTORS = [
    ("198609262015051001", "PNS", None),
    ("19860926 201505 1 001", "PNS", None),
    ("198609662015051001", "PNS", "ID-2"),
    ("198609662015052001", "PNS", "ID-2"),
    ("199002292015051001", "PNS", "ID-2"),
    ("199202292015051001", "PNS", None),
    ("198609262015131001", "PNS", "ID-3"),
    ("198609262015001001", "PNS", "ID-3"),
    ("198609261985011001", "PNS", "ID-3"),
    ("198609262015053001", "PNS", "ID-4"),
    ("198609262015051000", "PNS", "ID-5"),
    ("19860926201505100", "PNS", "ID-1"),
    ("19860926201505100A", "PNS", "ID-1"),
    ("199103152022212011", "PPPK", None),
    ("199103152022212011", "PNS", "ID-3"),
    ("131110468", "PNS", "ID-10"),
]


@pytest.mark.parametrize(("raw", "employee_type", "rule"), VECTORS)
def test_nip_vectors(raw, employee_type, rule):
    if rule is None:
        info = parse_nip(raw, employee_type)
        assert info.nip == raw.replace(" ", "")
    else:
        with pytest.raises(NipError) as caught:
            parse_nip(raw, employee_type)
        assert caught.value.rule == rule


def test_nip_reads_birth_date_gender_and_appointment():
    info = parse_nip("198609262015052001", "PNS")
    assert info.birth_date == dt.date(1986, 9, 26)
    assert info.gender == "F"
    assert info.civil_service_start == dt.date(2015, 5, 1)


def test_nip_no_plus_40_for_women_ID_2():
    # A NIK-style day (26 + 40 = 66) is an impossible NIP day, never decoded as 26.
    with pytest.raises(NipError, match="Tanggal lahir"):
        parse_nip("198609662015052001", "PNS")


def test_pppk_never_applies_month_rule_ID_7():
    assert parse_nip("199103152022992011", "PPPK").appointment_year == 2022
    with pytest.raises(NipError) as caught:
        parse_nip("199103152022212011", None)
    assert caught.value.rule == "ID-7"


def test_pppk_year_before_birth_rejected_ID_6():
    with pytest.raises(NipError) as caught:
        parse_nip("199103151990212011", "PPPK")
    assert caught.value.rule == "ID-6"


def test_display_groups_pns_8_6_1_3_and_leaves_pppk_ungrouped_ID_8():
    assert format_nip("198609262015051001", "PNS") == "19860926 201505 1 001"
    assert format_nip("199103152022212011", "PPPK") == "199103152022212011"
    assert format_nip("199103152022212011", "PPPK", "GROUPED") == "19910315 202221 2 011"


def test_build_nip_makes_valid_numbers():
    nip = build_nip(dt.date(1990, 2, 28), dt.date(2014, 3, 1), "F", 7)
    assert parse_nip(nip, "PNS").gender == "F"
    pppk = build_nip(dt.date(1990, 2, 28), dt.date(2022, 3, 1), "M", 1, "PPPK")
    assert parse_nip(pppk, "PPPK").appointment_year == 2022


@pytest.mark.django_db
@pytest.mark.parametrize(
    "stored",
    ["19860926201505100", "1986092620150510011", "19860926201505100A", "1986092620150510٠1"],
)
def test_the_database_itself_refuses_a_nip_that_is_not_18_ascii_digits_ID_1(stored):
    from django.db import DataError, IntegrityError, transaction

    from kinerja.core.testing import make_agency, make_employee
    from kinerja.people.models import Employee

    employee = make_employee(make_agency())
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():  # PG: too long
        Employee.objects.filter(pk=employee.pk).update(nip=stored)
    assert Employee.objects.filter(pk=employee.pk).update(nip="198609262015051009") == 1


@pytest.mark.parametrize(
    ("birth", "start", "age"),
    [
        (dt.date(2000, 6, 15), dt.date(2018, 6, 1), 17),  # a fortnight short of 18
        (dt.date(2000, 6, 1), dt.date(2018, 6, 1), 18),  # the birthday itself
        (dt.date(2000, 5, 31), dt.date(2018, 6, 1), 18),
        (dt.date(2000, 6, 15), None, None),  # NI PPPK: no TMT CPNS
    ],
)
def test_age_at_appointment_counts_whole_years_ID_3(birth, start, age):
    from kinerja.people.nip import age_at_appointment

    assert age_at_appointment(birth, start) == age


def test_minimum_age_at_appointment_only_when_the_agency_sets_one_ID_3():
    from kinerja.people.nip import check_appointment_age

    check_appointment_age(dt.date(2000, 6, 15), dt.date(2018, 6, 1), None)  # default: no check
    check_appointment_age(dt.date(2000, 6, 1), dt.date(2018, 6, 1), 18)
    with pytest.raises(NipError) as refused:
        check_appointment_age(dt.date(2000, 6, 15), dt.date(2018, 6, 1), 18)
    assert refused.value.rule == "ID-3"
    assert "17 tahun" in refused.value.message

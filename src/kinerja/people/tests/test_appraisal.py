"""Appraiser derivation from the position tree and HR overrides (ORG-6, ORG-8)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from kinerja.core.audit import audit_for
from kinerja.core.testing import hr_user, make_agency, make_employee, make_position, make_unit
from kinerja.org.models import ExternalOfficial
from kinerja.people.appraisal import appraiser_chain, appraiser_for
from kinerja.people.models import AppraiserOverride, Assignment
from kinerja.people.services import appraiser_override_create, assignment_save

pytestmark = pytest.mark.django_db

ON = dt.date(2024, 3, 1)


@pytest.fixture
def chain():
    """Kepala Dinas ← Kepala Bidang ← Kepala Seksi ← Analis, each held unless told otherwise."""
    agency = make_agency()
    unit = make_unit(agency, "Dinas")
    top = make_position(
        unit, "Kepala Dinas", position_type="JPT", level="PRATAMA", is_unit_head=True
    )
    division = make_position(unit, "Kepala Bidang", level="ADMINISTRATOR", reports_to=top)
    section = make_position(unit, "Kepala Seksi", level="PENGAWAS", reports_to=division)
    analyst = make_position(unit, "Analis", reports_to=section)
    return {
        "agency": agency,
        "top": top,
        "division": division,
        "section": section,
        "analyst": analyst,
    }


def test_appraiser_is_holder_of_superior_position_ORG_6(chain):
    section_head = make_employee(chain["agency"], "Kasi", position=chain["section"])
    analyst = make_employee(chain["agency"], "Analis", position=chain["analyst"])

    appraiser = appraiser_for(analyst, ON)

    assert (appraiser.employee, appraiser.position, appraiser.source) == (
        section_head,
        chain["section"],
        "DERIVED",
    )


def test_appraiser_skips_vacant_positions_upward_ORG_6(chain):
    head = make_employee(chain["agency"], "Kadis", position=chain["top"])
    analyst = make_employee(chain["agency"], "Analis", position=chain["analyst"])

    appraiser = appraiser_for(analyst, ON)

    assert (appraiser.employee, appraiser.position) == (head, chain["top"])


def test_appraiser_skips_position_whose_holder_left_before_the_date_ORG_6(chain):
    make_employee(
        chain["agency"], "Kasi lama", position=chain["section"], start=dt.date(2020, 1, 1)
    ).assignments.update(end_date=dt.date(2023, 12, 31))
    division_head = make_employee(chain["agency"], "Kabid", position=chain["division"])
    analyst = make_employee(chain["agency"], "Analis", position=chain["analyst"])

    assert appraiser_for(analyst, dt.date(2023, 12, 31)).employee.name == "Kasi lama"
    assert appraiser_for(analyst, ON).employee == division_head


def test_acting_holder_appraises_when_post_has_no_definitive_holder_ORG_6(chain):
    acting = make_employee(chain["agency"], "Plt Kasi")

    assignment_save(
        actor=None,
        assignment=Assignment(
            agency=chain["agency"],
            employee=acting,
            position=chain["section"],
            kind="PLT",
            start_date=dt.date(2024, 1, 1),
        ),
    )
    analyst = make_employee(chain["agency"], "Analis", position=chain["analyst"])

    assert appraiser_for(analyst, ON).employee == acting


def test_no_appraiser_when_nobody_holds_any_superior_ORG_6(chain):
    analyst = make_employee(chain["agency"], "Analis", position=chain["analyst"])

    assert appraiser_for(analyst, ON) is None
    assert appraiser_chain(analyst, ON) == (None, None)


def test_appeal_reviewer_is_the_appraisers_appraiser_ORG_8(chain):
    head = make_employee(chain["agency"], "Kadis", position=chain["top"])
    section_head = make_employee(chain["agency"], "Kasi", position=chain["section"])
    analyst = make_employee(chain["agency"], "Analis", position=chain["analyst"])

    appraiser, reviewer = appraiser_chain(analyst, ON)

    assert (appraiser.employee, reviewer.employee) == (section_head, head)


def test_override_wins_over_derived_appraiser_ORG_6(chain):
    agency = chain["agency"]
    make_employee(agency, "Kasi", position=chain["section"])
    chosen = make_employee(agency, "Kabid", position=chain["division"])
    analyst = make_employee(agency, "Analis", position=chain["analyst"])
    actor = hr_user(agency)

    appraiser_override_create(
        actor=actor,
        override=AppraiserOverride(
            employee=analyst,
            appraiser=chosen,
            start_date=dt.date(2024, 2, 1),
            reason="Kasi sedang tugas belajar",
        ),
    )

    assert appraiser_for(analyst, dt.date(2024, 1, 31)).source == "DERIVED"
    appraiser = appraiser_for(analyst, ON)
    assert (appraiser.employee, appraiser.source, appraiser.reason) == (
        chosen,
        "OVERRIDE",
        "Kasi sedang tugas belajar",
    )
    assert appraiser.position == chain["division"]
    entry = audit_for(analyst).filter(actor=actor).get()
    assert entry.reason == "Kasi sedang tugas belajar"
    assert entry.changes["appraiser_override"] == [None, "Kabid"]


def test_override_to_external_official_ORG_7(chain):
    agency = chain["agency"]
    head = make_employee(agency, "Kadis", position=chain["top"])
    bupati = ExternalOfficial.objects.create(
        agency=agency, name="H. Bupati", position_title="Bupati", role="KEPALA_DAERAH"
    )

    appraiser_override_create(
        actor=None,
        override=AppraiserOverride(
            employee=head,
            external_official=bupati,
            start_date=dt.date(2024, 1, 1),
            reason="Pimpinan tertinggi dinilai Kepala Daerah",
        ),
    )

    appraiser, reviewer = appraiser_chain(head, ON)
    assert (appraiser.external_official, appraiser.employee, reviewer) == (bupati, None, None)


@pytest.mark.parametrize("reason", ["", "   "])
def test_override_needs_a_reason_ORG_6(chain, reason):
    chosen = make_employee(chain["agency"], "Kabid", position=chain["division"])
    analyst = make_employee(chain["agency"], "Analis", position=chain["analyst"])

    with pytest.raises(ValidationError) as caught:
        appraiser_override_create(
            actor=None,
            override=AppraiserOverride(
                employee=analyst, appraiser=chosen, start_date=ON, reason=reason
            ),
        )

    assert [e.code for e in caught.value.error_dict["reason"]] == ["ORG-6"]
    assert not AppraiserOverride.objects.exists()


def test_employee_as_own_appraiser_rejected_ORG_6(chain):
    analyst = make_employee(chain["agency"], "Analis", position=chain["analyst"])

    with pytest.raises(ValidationError) as caught:
        appraiser_override_create(
            actor=None,
            override=AppraiserOverride(
                employee=analyst, appraiser=analyst, start_date=ON, reason="salah pilih"
            ),
        )

    assert [e.code for e in caught.value.error_dict["appraiser"]] == ["ORG-6"]
    assert not AppraiserOverride.objects.exists()


def test_acting_head_of_own_chain_is_not_own_appraiser_ORG_6(chain):
    """A Plt of the superior post who is the employee must be skipped, not returned."""
    agency = chain["agency"]
    head = make_employee(agency, "Kadis", position=chain["top"])
    section_head = make_employee(agency, "Kasi", position=chain["section"])

    assignment_save(
        actor=None,
        assignment=Assignment(
            agency=agency,
            employee=section_head,
            position=chain["division"],
            kind="PLT",
            start_date=dt.date(2024, 1, 1),
        ),
    )

    assert appraiser_for(section_head, ON).employee == head

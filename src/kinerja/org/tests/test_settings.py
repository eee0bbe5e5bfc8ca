"""GEN-3: agency settings — shown to the agency's members, changed by its HR administrator,
each value checked against its spec, audited (GEN-4), in force for cycles opened afterwards."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kinerja.accounts.models import Role
from kinerja.core.audit import audit_for
from kinerja.core.testing import PASSWORD, hr_user, make_agency, make_employee, make_user
from kinerja.org.config import DEFAULTS, SETTING_SPECS, agency_setting
from kinerja.org.services import agency_settings_save

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def form_data(agency, **changes):
    """What the settings page posts when nothing but ``changes`` is touched."""
    from kinerja.org.config import effective_settings

    data = {}
    for key, value in effective_settings(agency).items():
        spec = SETTING_SPECS.get(key)
        if spec is None:
            continue
        value = changes.get(key, value)
        if spec.kind == "bool":
            if value:
                data[key] = "on"
        elif value is not None:
            data[key] = value
    return data | {k: v for k, v in changes.items() if k not in SETTING_SPECS}


def test_every_registered_setting_has_a_default_and_only_read_keys_are_offered_GEN_3():
    assert set(SETTING_SPECS) <= set(DEFAULTS)
    assert "min_age_at_appointment" in SETTING_SPECS
    assert "supports_cardinality" not in SETTING_SPECS  # PLAN-8: only the default is built


def test_hr_changes_a_setting_and_the_change_is_audited_GEN_3(client):
    agency = make_agency()
    hr = hr_user(agency)
    login(client, hr)

    response = client.post(
        reverse("org:agency-settings", kwargs={"code": agency.code}),
        form_data(agency, min_age_at_appointment=18, checkpoint_grid="QUARTERLY", reason="Perbup"),
    )

    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency_setting(agency, "min_age_at_appointment") == 18
    assert agency_setting(agency, "checkpoint_grid") == "QUARTERLY"
    entry = audit_for(agency).filter(actor=hr).get()
    assert entry.changes == {
        "settings.min_age_at_appointment": [None, 18],
        "settings.checkpoint_grid": ["MONTHLY", "QUARTERLY"],
    }
    assert entry.reason == "Perbup"


def test_page_shows_the_values_in_force_to_every_member_read_only(client):
    agency = make_agency()
    agency.settings = {"three_aspect_check": "BLOCK"}
    agency.save()
    login(client, make_user(make_employee(agency, "Staf")))

    response = client.get(reverse("org:agency-settings", kwargs={"code": agency.code}))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Blokir" in content
    assert "Simpan pengaturan" not in content
    posted = client.post(
        reverse("org:agency-settings", kwargs={"code": agency.code}),
        form_data(agency, three_aspect_check="OFF"),
    )
    assert posted.status_code == 403
    agency.refresh_from_db()
    assert agency.settings == {"three_aspect_check": "BLOCK"}


def test_another_agency_cannot_see_or_change_the_settings(client):
    agency, other = make_agency("a"), make_agency("b")
    login(client, hr_user(other))

    url = reverse("org:agency-settings", kwargs={"code": agency.code})

    assert client.get(url).status_code == 404
    assert client.post(url, form_data(agency, checkpoint_grid="SEMESTER")).status_code == 404


def test_bad_values_are_each_reported_and_nothing_is_saved(client):
    agency = make_agency()
    login(client, hr_user(agency))

    response = client.post(
        reverse("org:agency-settings", kwargs={"code": agency.code}),
        form_data(agency, plan_approval_deadline="02-30", min_age_at_appointment=7),
    )

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"plan_approval_deadline", "min_age_at_appointment"}
    assert "BB-HH" in errors["plan_approval_deadline"][0]
    agency.refresh_from_db()
    assert agency.settings == {}


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("checkpoint_grid", "WEEKLY"),
        ("planning_exempt_statuses", ["ACTIVE"]),
        ("hr_review_before_approval", "ya"),
        ("joiner_plan_deadline", 0),
        ("plan_escalation_date", "1-14"),
        ("nothing_like_this", True),
    ],
)
def test_service_refuses_values_outside_the_spec_GEN_3(key, value):
    agency = make_agency()

    with pytest.raises(ValidationError) as refused:
        agency_settings_save(actor=None, agency=agency, changes={key: value})

    assert list(refused.value.error_dict) == [key]
    assert refused.value.error_dict[key][0].code == "GEN-3"
    agency.refresh_from_db()
    assert agency.settings == {}


def test_an_unchanged_value_writes_nothing():
    agency = make_agency()
    before = audit_for(agency).count()

    agency_settings_save(actor=None, agency=agency, changes={"checkpoint_grid": "MONTHLY"})

    assert audit_for(agency).count() == before
    agency.refresh_from_db()
    assert agency.settings == {}


def test_api_reads_and_patches_settings_with_the_same_rules(client):
    from kinerja.api.tests.conftest import Api

    agency = make_agency()
    hr = hr_user(agency)
    auditor = make_user(agency=agency, roles=(Role.AUDITOR,))
    api = Api()
    url = f"/agencies/{agency.code}/settings"

    read = api.get(url, auditor)
    refused = api.patch(url, auditor, {"settings": {"checkpoint_grid": "QUARTERLY"}})
    bad = api.patch(url, hr, {"settings": {"checkpoint_grid": "WEEKLY", "joiner_plan_deadline": 0}})
    done = api.patch(
        url, hr, {"settings": {"planning_exempt_statuses": ["SUSPENDED"]}, "reason": "SK"}
    )

    assert read.status_code == 200
    values = {row["key"]: row["value"] for row in read.json()["settings"]}
    assert values["checkpoint_grid"] == "MONTHLY"
    assert values["min_age_at_appointment"] is None
    assert refused.status_code == 403
    assert bad.status_code == 422
    assert done.status_code == 200
    after = {row["key"]: row["value"] for row in done.json()["settings"]}
    assert after["planning_exempt_statuses"] == ["SUSPENDED"]
    agency.refresh_from_db()
    assert agency.settings == {"planning_exempt_statuses": ["SUSPENDED"]}

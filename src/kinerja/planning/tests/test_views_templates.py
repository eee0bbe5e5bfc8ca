"""Plan template pages (HR): create from typed lines, publish, apply to matching DRAFT plans."""

import pytest
from django.urls import reverse

from kinerja.core.testing import PASSWORD
from kinerja.planning.forms import parse_template_lines, template_lines
from kinerja.planning.models import PlanTemplate, WorkResult
from kinerja.planning.services.templates import template_publish, template_save
from kinerja.planning.tests.factories import build_org, open_cycle, plan_of

pytestmark = pytest.mark.django_db

LINES = """Terlaksananya administrasi umum
- Jumlah surat diproses | KUANTITAS | 500 | Surat
- Persentase surat tepat | KUALITAS | 100 | %
TAMBAHAN: Terlaksananya piket kantor
- Jumlah piket | KUANTITAS | 12 | Kali"""


@pytest.fixture
def org():
    return build_org()


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def published(org):
    template = PlanTemplate(
        agency=org.agency,
        name="Pelaksana umum",
        position_type="JA",
        level="PELAKSANA",
        content={"work_results": parse_template_lines(LINES)},
    )
    return template_publish(actor=org.hr, template=template_save(actor=org.hr, template=template))


def test_lines_read_into_work_results_and_back():
    results = parse_template_lines(LINES)

    assert [(r["kind"], r["text"], len(r["indicators"])) for r in results] == [
        ("MAIN", "Terlaksananya administrasi umum", 2),
        ("ADDITIONAL", "Terlaksananya piket kantor", 1),
    ]
    assert results[0]["indicators"][1] == {
        "text": "Persentase surat tepat",
        "aspect": "QUALITY",
        "perspective": "",
        "target_kind": "NUMBER",
        "target_value": "100",
        "target_min": None,
        "target_max": None,
        "target_unit": "%",
        "target_text": "",
    }
    assert parse_template_lines(template_lines({"work_results": results})) == results


def test_an_indicator_line_before_any_work_result_is_a_form_error(client, org):
    login(client, org.hr)

    response = client.post(
        reverse("planning:template-create"),
        {
            "name": "Salah",
            "position_type": "JA",
            "approach": "QUANTITATIVE",
            "work_results": "- Indikator tanpa RHK | KUANTITAS | 1 | Dokumen",
        },
    )

    assert response.status_code == 400
    assert "work_results" in response.context["form"].errors
    assert not PlanTemplate.objects.exists()


def test_hr_creates_a_template(client, org):
    login(client, org.hr)
    assert client.get(reverse("planning:template-create")).status_code == 200

    response = client.post(
        reverse("planning:template-create"),
        {
            "name": "Pelaksana umum",
            "position_type": "JA",
            "level": "PELAKSANA",
            "approach": "QUANTITATIVE",
            "work_results": LINES,
            "resource_support": "Komputer",
        },
    )

    template = PlanTemplate.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("planning:template-detail", kwargs={"pk": template.pk})
    assert len(template.content["work_results"]) == 2
    assert template.content["annex"] == [{"section": "RESOURCE_SUPPORT", "text": "Komputer"}]
    assert template.is_published is False


def test_template_with_a_wrong_level_shows_the_rule_REF_13(client, org):
    login(client, org.hr)

    response = client.post(
        reverse("planning:template-create"),
        {
            "name": "Salah",
            "position_type": "JA",
            "level": "MADYA",
            "approach": "QUANTITATIVE",
            "work_results": LINES,
        },
    )

    assert response.status_code == 400
    assert "REF-13" in " ".join(response.context["form"].errors["level"])
    assert not PlanTemplate.objects.exists()


def test_hr_publishes_then_applies_to_matching_drafts(client, org):
    cycle = open_cycle(org)
    template = PlanTemplate(
        agency=org.agency,
        name="Pelaksana",
        position_type="JA",
        level="PELAKSANA",
        content={"work_results": parse_template_lines(LINES)},
    )
    template = template_save(actor=org.hr, template=template)
    login(client, org.hr)

    publish = client.post(reverse("planning:template-publish", kwargs={"pk": template.pk}))
    page = client.get(reverse("planning:template-detail", kwargs={"pk": template.pk}))
    staff_plan = plan_of(org.staff, cycle)
    apply = client.post(
        reverse("planning:template-detail", kwargs={"pk": template.pk}), {"plans": [staff_plan.pk]}
    )

    assert publish.status_code == 302
    assert [p.pk for p in page.context["apply_form"].plan_map.values()] == [staff_plan.pk]
    assert apply.status_code == 302
    assert list(
        WorkResult.objects.filter(plan=staff_plan).values_list("text", flat=True).order_by("id")
    ) == ["Terlaksananya administrasi umum", "Terlaksananya piket kantor"]


def test_employee_cannot_manage_templates(client, org):
    template = published(org)
    login(client, org.users["staff"])

    listing = client.get(reverse("planning:template-list"))
    create = client.post(
        reverse("planning:template-create"),
        {"name": "X", "position_type": "JA", "approach": "QUANTITATIVE"},
    )
    apply = client.post(reverse("planning:template-detail", kwargs={"pk": template.pk}), {})

    assert (listing.status_code, create.status_code, apply.status_code) == (403, 403, 403)
    assert PlanTemplate.objects.count() == 1
    assert not WorkResult.objects.exists()

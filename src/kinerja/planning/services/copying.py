"""Less typing: copy last year's work results, indicators and annex into a DRAFT plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from kinerja.core.audit import audit_record
from kinerja.core.models import AuditAction
from kinerja.planning.choices import PlanStatus
from kinerja.planning.models import Indicator, PerformancePlan, PlanAnnexItem, WorkResult
from kinerja.planning.services._common import clean_text, require_content_editor, require_editable
from kinerja.planning.services.work_results import clean_indicator_fields


@dataclass
class CopyResult:
    created: int
    warnings: list[str] = field(default_factory=list)


def _previous_plan(plan: PerformancePlan) -> PerformancePlan | None:
    candidates = PerformancePlan.objects.filter(
        employee_id=plan.employee_id,
        cycle__agency_id=plan.agency_id,
        cycle__year=plan.cycle.year - 1,
    ).exclude(status=PlanStatus.DRAFT)
    same_post = candidates.filter(position_id=plan.position_id)
    return (
        same_post.order_by("-period_end", "-version").first()
        or candidates.order_by("-period_end", "-version").first()
    )


@transaction.atomic
def plan_copy_from_previous(*, actor: Any, plan: PerformancePlan) -> CopyResult:
    """Copy last year's work results, indicators and annex into this DRAFT plan.

    A supported RHK is relinked to the appraiser's current RHK with the same text when there is
    one (PLAN-8); otherwise ``supports`` is cleared and a warning names the RHK. Indicators that
    no longer fit the plan (PLAN-11/PLAN-13) are skipped with a warning.
    """
    plan = (
        PerformancePlan.objects.select_for_update(of=("self",))
        .select_related("cycle", "position__unit")
        .get(pk=plan.pk)
    )
    require_content_editor(actor, plan)
    require_editable(plan)
    previous = _previous_plan(plan)
    if previous is None:
        raise ValidationError(_("Tidak ada SKP tahun lalu untuk disalin."), code="no_previous")
    supervisor_results = (
        {
            clean_text(text).casefold(): pk
            for pk, text in WorkResult.objects.filter(
                plan__cycle_id=plan.cycle_id,
                plan__employee_id=plan.appraiser_id,
                plan__period_start__lte=plan.period_end,
                plan__period_end__gte=plan.period_start,
            )
            .exclude(plan__status=PlanStatus.CLOSED)
            .values_list("pk", "text")
        }
        if plan.appraiser_id
        else {}
    )
    start = WorkResult.objects.filter(plan=plan).aggregate(m=Max("order"))["m"] or 0
    warnings: list[str] = []
    created = 0
    for offset, old in enumerate(
        WorkResult.objects.filter(plan=previous)
        .select_related("supports")
        .prefetch_related("indicators")
        .order_by("kind", "order", "id"),
        start=1,
    ):
        supports_id = None
        if old.supports_id is not None:
            supports_id = supervisor_results.get(clean_text(old.supports.text).casefold())
            if supports_id is None:
                warnings.append(
                    _(
                        'RHK "%(rhk)s": RHK atasan tahun lalu tidak ada lagi; pilih '
                        "ulang RHK pimpinan yang diintervensi (PLAN-8)."
                    )
                    % {"rhk": old.text[:60]}
                )
        copy = WorkResult.objects.create(
            agency_id=plan.agency_id,
            plan=plan,
            kind=old.kind,
            text=old.text,
            order=start + offset,
            assigned_by=old.assigned_by,
            supports_id=supports_id,
        )
        indicators = []
        for indicator in old.indicators.all():
            data = {
                f: getattr(indicator, f)
                for f in (
                    "text",
                    "aspect",
                    "perspective",
                    "target_kind",
                    "target_value",
                    "target_min",
                    "target_max",
                    "target_unit",
                    "target_text",
                )
            }
            try:
                indicators.append(clean_indicator_fields(plan, data))
            except ValidationError as error:
                warnings.append(
                    _('RHK "%(rhk)s", indikator "%(iki)s" tidak disalin: %(why)s')
                    % {
                        "rhk": old.text[:60],
                        "iki": indicator.text[:60],
                        "why": " ".join(error.messages),
                    }
                )
        Indicator.objects.bulk_create(
            [
                Indicator(agency_id=plan.agency_id, work_result=copy, order=n, **data)
                for n, data in enumerate(indicators, start=1)
            ]
        )
        created += 1
    annex_start = PlanAnnexItem.objects.filter(plan=plan).count()
    PlanAnnexItem.objects.bulk_create(
        [
            PlanAnnexItem(
                agency_id=plan.agency_id,
                plan=plan,
                section=a.section,
                text=a.text,
                order=annex_start + a.order,
            )
            for a in PlanAnnexItem.objects.filter(plan=previous)
        ]
    )
    audit_record(
        actor=actor,
        obj=plan,
        action=AuditAction.UPDATE,
        before={"copied_from": None},
        after={"copied_from": previous.pk, "work_results": created},
        reason="; ".join(warnings)[:2000],
    )
    return CopyResult(created=created, warnings=warnings)

"""Plan templates published by HR and applied to many DRAFT plans at once (less typing).

A template targets one position, or a position type (and optionally a level). Its ``content``
holds work results with indicators and annex items (see ``PlanTemplate``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.core.audit import audit_bulk, audit_entry, audit_record, snapshot
from kinerja.core.errors import rule_error
from kinerja.core.models import AuditAction
from kinerja.org.choices import LEVELS_BY_TYPE
from kinerja.planning.choices import (
    AnnexSection,
    Approach,
    Aspect,
    Perspective,
    PlanStatus,
    TargetKind,
    WorkResultKind,
)
from kinerja.planning.models import (
    Indicator,
    PerformancePlan,
    PlanAnnexItem,
    PlanTemplate,
    WorkResult,
)
from kinerja.planning.services._common import (
    clean_text,
    is_agency_hr,
    is_plan_employee,
    is_plan_hr,
)
from kinerja.planning.services.work_results import clean_indicator_fields

TEMPLATE_FIELDS = [
    "name",
    "position",
    "position_type",
    "level",
    "approach",
    "content",
    "is_published",
]


@dataclass
class TemplateApplyResult:
    applied: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)


def _check_content(content: Mapping[str, Any]) -> dict[str, Any]:
    """Structure and code checks that do not depend on a plan (GEN-1, REF-6/7/9/18, PLAN-13)."""
    if not isinstance(content, Mapping):
        raise rule_error("GEN-1", _("Isi templat tidak valid."), "content")
    results = []
    for item in content.get("work_results") or []:
        kind = item.get("kind") or WorkResultKind.MAIN
        if kind not in WorkResultKind.values:
            raise rule_error("REF-9", _("Jenis RHK tidak dikenal (REF-9)."), "content")
        text = clean_text(item.get("text"))
        if not text:
            raise rule_error("PLAN-6", _("Rencana hasil kerja wajib diisi (PLAN-6)."), "content")
        indicators = []
        for indicator in item.get("indicators") or []:
            if not clean_text(indicator.get("text")):
                raise rule_error("PLAN-11", _("Indikator wajib diisi (PLAN-11)."), "content")
            if indicator.get("aspect") and indicator["aspect"] not in Aspect.values:
                raise rule_error("REF-7", _("Aspek tidak dikenal (REF-7)."), "content")
            if indicator.get("perspective") and indicator["perspective"] not in Perspective.values:
                raise rule_error("REF-6", _("Perspektif tidak dikenal (REF-6)."), "content")
            if (indicator.get("target_kind") or "NUMBER") not in TargetKind.values:
                raise rule_error("PLAN-13", _("Jenis target tidak dikenal (PLAN-13)."), "content")
            indicators.append(
                {
                    k: (
                        str(v)
                        if v is not None
                        and k.startswith("target_")
                        and k not in ("target_kind", "target_unit", "target_text")
                        else v
                    )
                    for k, v in indicator.items()
                }
            )
        results.append(
            {
                "kind": kind,
                "text": text,
                "assigned_by": clean_text(item.get("assigned_by")),
                "indicators": indicators,
            }
        )
    annex = []
    for item in content.get("annex") or []:
        if item.get("section") not in AnnexSection.values:
            raise rule_error("PLAN-18", _("Bagian lampiran tidak dikenal (PLAN-18)."), "content")
        if not clean_text(item.get("text")):
            raise rule_error("PLAN-18", _("Uraian lampiran wajib diisi (PLAN-18)."), "content")
        annex.append({"section": item["section"], "text": clean_text(item["text"])})
    return {"work_results": results, "annex": annex}


@transaction.atomic
def template_save(*, actor: Any, template: PlanTemplate) -> PlanTemplate:
    """Create or update a template (HR of the agency)."""
    if actor is not None and not is_agency_hr(actor, template.agency_id):
        raise PermissionDenied(_("Hanya pengelola kinerja yang mengelola templat SKP."))
    if template.position_id is None:
        if template.position_type not in LEVELS_BY_TYPE:
            raise rule_error(
                "REF-13", _("Pilih jabatan atau jenis jabatan untuk templat."), "position_type"
            )
        if template.level and template.level not in LEVELS_BY_TYPE[template.position_type]:
            raise rule_error(
                "REF-13", _("Jenjang tidak sesuai dengan jenis jabatan (REF-13)."), "level"
            )
    elif template.position.agency_id != template.agency_id:
        raise PermissionDenied
    if template.approach not in Approach.values:
        raise rule_error("PLAN-4", _("Pendekatan tidak dikenal (REF-8)."), "approach")
    template.content = _check_content(template.content or {})
    is_new = template.pk is None
    before = None if is_new else snapshot(PlanTemplate.objects.get(pk=template.pk), TEMPLATE_FIELDS)
    if is_new and getattr(actor, "is_authenticated", False):
        template.created_by = actor
    template.full_clean(exclude=["created_by", "position"])
    template.save()
    audit_record(
        actor=actor,
        obj=template,
        action=AuditAction.CREATE if is_new else AuditAction.UPDATE,
        before=before,
        after=snapshot(template, TEMPLATE_FIELDS),
    )
    return template


@transaction.atomic
def template_publish(*, actor: Any, template: PlanTemplate) -> PlanTemplate:
    if actor is not None and not is_agency_hr(actor, template.agency_id):
        raise PermissionDenied(_("Hanya pengelola kinerja yang menerbitkan templat SKP."))
    if not template.content.get("work_results"):
        raise rule_error("PLAN-6", _("Templat belum berisi RHK (PLAN-6)."), "content")
    template.is_published = True
    template.published_at = timezone.now()
    template.save(update_fields=["is_published", "published_at", "updated_at"])
    audit_record(
        actor=actor,
        obj=template,
        action=AuditAction.UPDATE,
        before={"is_published": False},
        after={"is_published": True},
    )
    return template


def template_matches(template: PlanTemplate, plan: PerformancePlan) -> bool:
    position = plan.position
    if template.position_id is not None:
        return template.position_id == position.pk
    return template.position_type == position.position_type and (
        not template.level or template.level == position.level
    )


def _skip_reason(actor: Any, template: PlanTemplate, plan: PerformancePlan) -> str:
    if plan.agency_id != template.agency_id:
        return _("bukan SKP instansi templat ini")
    if actor is not None and not (is_plan_hr(actor, plan) or is_plan_employee(actor, plan)):
        return _("Anda tidak berhak mengubah SKP ini")
    if plan.status != PlanStatus.DRAFT:
        return _("SKP tidak berstatus Draf (PLAN-20)")
    if not template_matches(template, plan):
        return _("jabatan tidak sesuai dengan templat")
    return ""


@transaction.atomic
def plan_template_apply_bulk(
    *,
    actor: Any,
    template: PlanTemplate,
    plans: Iterable[PerformancePlan],
) -> TemplateApplyResult:
    """Add the template's RHKs, indicators and annex items to many DRAFT plans, set-based.

    Plans that are not DRAFT (PLAN-20), not matching the template, or for which an indicator
    does not fit (PLAN-11/PLAN-13, e.g. a narrative target in a quantitative plan) are skipped
    with a reason. ``supports`` stays empty: each JA/JF RHK still needs its link (PLAN-8).
    """
    if not template.is_published:
        raise rule_error("PLAN-20", _("Templat belum diterbitkan."), "template")
    ids = [p.pk for p in plans]
    locked = list(
        PerformancePlan.objects.select_for_update(of=("self",))
        .select_related("cycle", "position__unit")
        .filter(pk__in=ids)
        .order_by("pk")
    )
    result = TemplateApplyResult()
    targets: list[tuple[PerformancePlan, list[list[dict[str, Any]]]]] = []
    cleaned_cache: dict[tuple[str, str, bool], list[list[dict[str, Any]]] | str] = {}
    for plan in locked:
        reason = _skip_reason(actor, template, plan)
        if not reason:
            key = (plan.family, plan.approach, bool(plan.cycle.setting("aspect_cost_enabled")))
            if key not in cleaned_cache:
                try:
                    cleaned_cache[key] = [
                        [clean_indicator_fields(plan, i) for i in r["indicators"]]
                        for r in template.content["work_results"]
                    ]
                except ValidationError as error:
                    cleaned_cache[key] = " ".join(error.messages)
            cached = cleaned_cache[key]
            if isinstance(cached, str):
                reason = cached
            else:
                targets.append((plan, cached))
        if reason:
            result.skipped.append((plan.pk, reason))
    if not targets:
        return result
    orders = dict(
        WorkResult.objects.filter(plan__in=[p for p, _c in targets])
        .values("plan_id")
        .annotate(m=Max("order"))
        .values_list("plan_id", "m")
    )
    specs = template.content["work_results"]
    rows = WorkResult.objects.bulk_create(
        [
            WorkResult(
                agency_id=plan.agency_id,
                plan=plan,
                kind=spec["kind"],
                text=spec["text"],
                assigned_by=spec.get("assigned_by", ""),
                order=(orders.get(plan.pk) or 0) + n,
            )
            for plan, _cleaned in targets
            for n, spec in enumerate(specs, start=1)
        ]
    )
    indicators = []
    position = 0
    for _plan, cleaned in targets:
        for per_result in cleaned:
            row = rows[position]
            position += 1
            indicators.extend(
                Indicator(agency_id=row.agency_id, work_result=row, order=n, **data)
                for n, data in enumerate(per_result, start=1)
            )
    Indicator.objects.bulk_create(indicators)
    PlanAnnexItem.objects.bulk_create(
        [
            PlanAnnexItem(
                agency_id=plan.agency_id,
                plan=plan,
                section=item["section"],
                text=item["text"],
                order=100 + n,
            )
            for plan, _cleaned in targets
            for n, item in enumerate(template.content.get("annex") or [], start=1)
        ]
    )
    audit_bulk(
        audit_entry(
            actor=actor,
            obj=plan,
            action=AuditAction.UPDATE,
            before={"template": None},
            after={"template": template.pk},
            reason=template.name,
        )
        for plan, _c in targets
    )
    result.applied = len(targets)
    return result

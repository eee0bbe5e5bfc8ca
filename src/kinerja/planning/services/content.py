"""Behaviour expectations (PLAN-17), annex items (PLAN-18) and dialogues (EXEC-10, PLAN-19)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from kinerja.core.audit import audit_record, snapshot
from kinerja.core.errors import rule_error
from kinerja.core.models import AuditAction
from kinerja.org.models import ExternalOfficial
from kinerja.people.models import Employee
from kinerja.planning.choices import AnnexSection, DialogueTopic
from kinerja.planning.models import (
    BehaviourExpectation,
    Checkpoint,
    Dialogue,
    PerformancePlan,
    PlanAnnexItem,
)
from kinerja.planning.services._common import (
    clean_text,
    employee_id_of,
    is_hr_for,
    is_plan_appraiser,
    is_plan_hr,
    require_content_editor,
    require_editable,
)

ANNEX_FIELDS = ["section", "text", "order"]
DIALOGUE_FIELDS = [
    "plan",
    "date",
    "topic",
    "notes",
    "employee",
    "appraiser",
    "appraiser_official",
    "checkpoint",
]


def _locked(plan: PerformancePlan) -> PerformancePlan:
    return (
        PerformancePlan.objects.select_for_update(of=("self",))
        .select_related("position__unit", "cycle")
        .get(pk=plan.pk)
    )


@transaction.atomic
def expectation_save(
    *, actor: Any, expectation: BehaviourExpectation, text: str
) -> BehaviourExpectation:
    """PLAN-17: only the appraiser writes the leader's expectation (HR for an external one)."""
    plan = _locked(expectation.plan)
    may_write = (
        actor is None
        or is_plan_appraiser(actor, plan)
        or (plan.appraiser_official_id is not None and is_plan_hr(actor, plan))
    )
    if not may_write:
        raise rule_error(
            "PLAN-17",
            _("Ekspektasi khusus pimpinan hanya diisi oleh pejabat penilai kinerja (PLAN-17)."),
            "expectation",
        )
    require_editable(plan)
    before = snapshot(expectation, ["expectation"])
    expectation.expectation = clean_text(text)
    expectation.save(update_fields=["expectation"])
    audit_record(
        actor=actor,
        obj=expectation,
        action=AuditAction.UPDATE,
        before=before,
        after=snapshot(expectation, ["expectation"]),
    )
    return expectation


@transaction.atomic
def annex_item_save(
    *,
    actor: Any,
    plan: PerformancePlan,
    section: str,
    text: str,
    item: PlanAnnexItem | None = None,
    order: int | None = None,
) -> PlanAnnexItem:
    """PLAN-18: a non-empty item in one of the REF-18 sections of a DRAFT plan."""
    plan = _locked(plan)
    require_content_editor(actor, plan)
    require_editable(plan)
    if section not in AnnexSection.values:
        raise rule_error(
            "PLAN-18", _("Bagian lampiran wajib dipilih dari daftar (PLAN-18, REF-18)."), "section"
        )
    if not clean_text(text):
        raise rule_error("PLAN-18", _("Uraian lampiran wajib diisi (PLAN-18)."), "text")
    before = None
    if item is None:
        item = PlanAnnexItem(agency_id=plan.agency_id, plan=plan)
        current = PlanAnnexItem.objects.filter(plan=plan, section=section).aggregate(
            m=Max("order")
        )["m"]
        item.order = order if order is not None else (current or 0) + 1
    else:
        if item.plan_id != plan.pk:
            raise PermissionDenied
        before = snapshot(item, ANNEX_FIELDS)
        if order is not None:
            item.order = order
    item.section = section
    item.text = clean_text(text)
    item.full_clean(exclude=["plan"])
    item.save()
    audit_record(
        actor=actor,
        obj=item,
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        before=before,
        after=snapshot(item, ANNEX_FIELDS),
    )
    return item


@transaction.atomic
def annex_item_delete(*, actor: Any, item: PlanAnnexItem) -> None:
    plan = _locked(item.plan)
    require_content_editor(actor, plan)
    require_editable(plan)
    audit_record(
        actor=actor,
        obj=item,
        action=AuditAction.DELETE,
        before=snapshot(item, ANNEX_FIELDS),
        after=None,
    )
    item.delete()


def _may_record_dialogue(actor: Any, employee: Employee, appraiser_id: int | None) -> bool:
    if actor is None:
        return True
    me = employee_id_of(actor)
    return (me is not None and me in (employee.pk, appraiser_id)) or is_hr_for(
        actor, employee.agency_id
    )


@transaction.atomic
def dialogue_save(
    *,
    actor: Any,
    date: dt.date,
    topic: str,
    notes: str = "",
    plan: PerformancePlan | None = None,
    employee: Employee | None = None,
    appraiser: Employee | None = None,
    appraiser_official: ExternalOfficial | None = None,
    participants: Iterable[Employee] = (),
    checkpoint: Checkpoint | None = None,
    dialogue: Dialogue | None = None,
) -> Dialogue:
    """EXEC-10: a dialogue with the employee and the appraiser, a topic (REF-19) and notes.

    With a plan, the employee and appraiser default to the plan's; a PLANNING dialogue linked to
    the plan and dated on or before the submission date is needed to submit (PLAN-19).
    """
    if plan is not None:
        employee = employee or plan.employee
        if appraiser is None and appraiser_official is None:
            appraiser, appraiser_official = plan.appraiser, plan.appraiser_official
        if employee.pk != plan.employee_id:
            raise rule_error(
                "EXEC-10",
                _("Dialog SKP harus melibatkan pegawai pemilik SKP (EXEC-10)."),
                "employee",
            )
    if employee is None:
        raise rule_error("EXEC-10", _("Pegawai peserta dialog wajib diisi (EXEC-10)."), "employee")
    if (appraiser is None) == (appraiser_official is None):
        raise rule_error(
            "EXEC-10",
            _("Dialog kinerja wajib melibatkan satu pejabat penilai kinerja (EXEC-10)."),
            "appraiser",
        )
    if appraiser is not None and appraiser.pk == employee.pk:
        raise rule_error(
            "EXEC-10",
            _("Pegawai dan pejabat penilai harus orang yang berbeda (EXEC-10)."),
            "appraiser",
        )
    if topic not in DialogueTopic.values:
        raise rule_error("EXEC-10", _("Topik dialog wajib dipilih (EXEC-10, REF-19)."), "topic")
    if not _may_record_dialogue(actor, employee, appraiser.pk if appraiser else None):
        raise PermissionDenied(_("Anda tidak berhak mencatat dialog ini."))
    if checkpoint is not None and plan is not None and checkpoint.cycle_id != plan.cycle_id:
        raise rule_error("EXEC-10", _("Periode dialog bukan periode siklus SKP ini."), "checkpoint")
    before = snapshot(dialogue, DIALOGUE_FIELDS) if dialogue is not None else None
    dialogue = dialogue or Dialogue(agency_id=employee.agency_id)
    dialogue.plan, dialogue.date, dialogue.topic = plan, date, topic
    dialogue.notes, dialogue.employee, dialogue.checkpoint = clean_text(notes), employee, checkpoint
    dialogue.appraiser, dialogue.appraiser_official = appraiser, appraiser_official
    if getattr(actor, "is_authenticated", False):
        dialogue.recorded_by = actor
    dialogue.full_clean(exclude=["plan", "checkpoint", "recorded_by"])
    dialogue.save()
    others = [p for p in participants if p.pk not in (employee.pk, getattr(appraiser, "pk", None))]
    dialogue.other_participants.set(others)
    audit_record(
        actor=actor,
        obj=dialogue,
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        before=before,
        after=snapshot(dialogue, DIALOGUE_FIELDS),
    )
    return dialogue

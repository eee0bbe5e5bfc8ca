"""Forms of the planning pages. They carry input only; kinerja.planning.services checks the rules.

Fields the services validate (texts, targets, notes) are not ``required`` here, so an empty value
reaches the service and comes back with the rule message (PLAN-7, PLAN-13, PLAN-20) next to the
field, like every other rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kinerja.core.forms import PlainSelect
from kinerja.org.models import Position
from kinerja.people.models import Employee
from kinerja.planning.choices import (
    PERSPECTIVE_HELP,
    AnnexSection,
    Approach,
    Aspect,
    CheckpointGrid,
    DialogueTopic,
    Perspective,
    PlanFamily,
    TargetKind,
    WorkResultKind,
)
from kinerja.planning.models import PerformancePlan, WorkResult

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXTAREA = forms.Textarea(attrs={"rows": 3})


class ObjectChoiceField(forms.ChoiceField):
    """A select over a list the selector already loaded; cleans to the object, never free text."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("choices", [])
        super().__init__(*args, **kwargs)
        self.objects: dict[str, Any] = {}

    def set_objects(
        self, objects: Iterable[Any], label: Any = str, blank: str = "---------"
    ) -> None:
        self.objects = {str(o.pk): o for o in objects}
        self.choices = [("", blank), *((pk, label(o)) for pk, o in self.objects.items())]

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        return self.objects.get(str(value)) if value not in (None, "") else None


# ---------------------------------------------------------------------------- cycles


class CycleOpenForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    grid = forms.ChoiceField(
        label=_("Periode penilaian berkala"),
        choices=CheckpointGrid.choices,
        help_text=_("Ditambah satu periode penilaian tahunan (AKHIR)."),
    )


class CycleTransitionForm(forms.Form):
    to_status = forms.CharField(widget=forms.HiddenInput)


# ---------------------------------------------------------------------------- plans


class PlanCreateForm(forms.Form):
    approach = forms.ChoiceField(
        label=_("Pendekatan"),
        choices=Approach.choices,
        initial=Approach.QUANTITATIVE,
        widget=forms.RadioSelect,
    )
    confirm_warnings = forms.BooleanField(
        label=_("Saya sudah membaca peringatan dan tetap ingin membuat SKP"), required=False
    )


class PlanApproachForm(forms.Form):
    approach = forms.ChoiceField(label=_("Pendekatan"), choices=Approach.choices)


class WorkResultForm(forms.Form):
    prefix = "wr"  # the plan page holds several forms; prefixes keep their ids apart
    kind = forms.ChoiceField(label=_("Jenis RHK"), choices=WorkResultKind.choices)
    text = forms.CharField(label=_("Rencana hasil kerja"), required=False, widget=TEXTAREA)
    supports = ObjectChoiceField(
        label=_("RHK pimpinan yang diintervensi"),
        required=False,
        help_text=_("Dipilih dari RHK pada SKP pejabat penilai kinerja."),
    )
    assigned_by = forms.CharField(
        label=_("Penugasan dari"),
        required=False,
        max_length=200,
        help_text=_("Isi hanya bila RHK berasal dari penugasan, mis. “Bupati”."),
    )

    def __init__(
        self, *args: Any, plan: PerformancePlan, supportable: Sequence[WorkResult], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["supports"]
        field.set_objects(
            supportable, label=_supports_label, blank=str(_("— pilih RHK pimpinan —"))
        )
        if plan.family == PlanFamily.JPT:
            field.help_text = _("Tidak wajib untuk SKP JPT (hasil kerja dari Perjanjian Kinerja).")


def _supports_label(work_result: WorkResult) -> str:
    return f"[{work_result.get_kind_display()}] {work_result.text}"


class IndicatorForm(forms.Form):
    text = forms.CharField(label=_("Indikator kinerja individu"), required=False, widget=TEXTAREA)
    aspect = forms.ChoiceField(label=_("Aspek"), required=False)
    perspective = forms.ChoiceField(
        label=_("Perspektif"), required=False, choices=[("", "---------"), *Perspective.choices]
    )
    target_kind = forms.ChoiceField(label=_("Bentuk target"), choices=TargetKind.choices)
    target_value = forms.DecimalField(
        label=_("Target"), required=False, max_digits=18, decimal_places=4
    )
    target_min = forms.DecimalField(
        label=_("Target minimum"), required=False, max_digits=18, decimal_places=4
    )
    target_max = forms.DecimalField(
        label=_("Target maksimum"), required=False, max_digits=18, decimal_places=4
    )
    target_unit = forms.CharField(
        label=_("Satuan"), required=False, max_length=64, help_text=_("mis. Dokumen, %, Bulan")
    )
    target_text = forms.CharField(label=_("Target naratif"), required=False, widget=TEXTAREA)

    def __init__(self, *args: Any, plan: PerformancePlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cost = bool(plan.cycle.setting("aspect_cost_enabled"))
        self.fields["aspect"].choices = [
            ("", "---------"),
            *(c for c in Aspect.choices if cost or c[0] != Aspect.COST),
        ]
        if plan.family == PlanFamily.JPT:  # PLAN-11/14: perspective, aspect optional
            self.fields["perspective"].help_text = " ".join(
                f"{label}: {PERSPECTIVE_HELP[code]}" for code, label in Perspective.choices
            )
            self.fields["aspect"].label = _("Aspek (tidak wajib)")
        else:  # JA/JF: aspect required, no perspective
            del self.fields["perspective"]
        if plan.approach != Approach.QUALITATIVE:  # PLAN-13: TEXT only in qualitative plans
            # Not offered, but still accepted as input so the service answers with its rule.
            self.fields["target_kind"].widget.choices = [
                c for c in TargetKind.choices if c[0] != TargetKind.TEXT
            ]
            self.fields["target_text"].widget = forms.HiddenInput()

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "text": data["text"],
            "aspect": data.get("aspect", ""),
            "perspective": data.get("perspective", ""),
            "target_kind": data["target_kind"],
            "target_value": data.get("target_value"),
            "target_min": data.get("target_min"),
            "target_max": data.get("target_max"),
            "target_unit": data.get("target_unit", ""),
            "target_text": data.get("target_text", ""),
        }


def indicator_initial(indicator: Any) -> dict[str, Any]:
    return {
        name: getattr(indicator, name)
        for name in (
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


class ExpectationForm(forms.Form):
    text = forms.CharField(
        label=_("Ekspektasi khusus pimpinan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AnnexItemForm(forms.Form):
    prefix = "annex"
    section = forms.ChoiceField(label=_("Bagian"), choices=AnnexSection.choices)
    text = forms.CharField(
        label=_("Uraian"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DialogueForm(forms.Form):
    prefix = "dialogue"
    date = forms.DateField(label=_("Tanggal"), widget=DATE_WIDGET)
    topic = forms.ChoiceField(
        label=_("Topik"), choices=DialogueTopic.choices, initial=DialogueTopic.PLANNING
    )
    notes = forms.CharField(label=_("Catatan"), required=False, widget=TEXTAREA)


class TransitionForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)
    # Not required here: a return without a note is refused by the service with its rule.
    note = forms.CharField(label=_("Catatan"), required=False, widget=TEXTAREA)
    confirm_warnings = forms.BooleanField(
        label=_("Saya sudah membaca peringatan dan tetap ingin melanjutkan"), required=False
    )


# ---------------------------------------------------------------------------- supervisor


class PushForm(forms.Form):
    source = ObjectChoiceField(label=_("RHK saya yang diintervensi"))
    employees = forms.MultipleChoiceField(
        label=_("Kepada pegawai"), widget=forms.CheckboxSelectMultiple
    )
    text = forms.CharField(
        label=_("Rencana hasil kerja untuk pegawai"), required=False, widget=TEXTAREA
    )

    def __init__(
        self, *args: Any, sources: Sequence[WorkResult], staff: Sequence[Employee], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].set_objects(sources, label=_supports_label)
        self.staff = {str(e.pk): e for e in staff}
        self.fields["employees"].choices = [(pk, e.name) for pk, e in self.staff.items()]

    def clean_employees(self) -> list[Employee]:
        return [self.staff[pk] for pk in self.cleaned_data["employees"]]


# ---------------------------------------------------------------------------- HR


WORK_RESULT_LINES_HELP = _(
    "Satu RHK per baris (awali “TAMBAHAN:” untuk RHK tambahan). Indikator di baris "
    "berikutnya diawali “-”: teks | aspek (KUANTITAS/KUALITAS/WAKTU) | target | satuan."
)


class SetByHrForm(forms.Form):
    approach = forms.ChoiceField(label=_("Pendekatan"), choices=Approach.choices)
    work_results = forms.CharField(
        label=_("RHK dan indikator"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=WORK_RESULT_LINES_HELP,
    )
    confirm_warnings = forms.BooleanField(
        label=_("Saya sudah membaca peringatan dan tetap ingin melanjutkan"), required=False
    )

    def clean_work_results(self) -> list[dict[str, Any]]:
        return _parsed_lines(self.cleaned_data["work_results"])


class MatrixCellForm(forms.Form):
    text = forms.CharField(
        label=_("Peran/hasil yang diharapkan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TemplateForm(forms.Form):
    """A plan template; its work results are typed as lines (see ``parse_template_lines``)."""

    name = forms.CharField(label=_("Nama templat"), max_length=200)
    position = ObjectChoiceField(
        label=_("Jabatan"), required=False, help_text=_("Atau isi jenis/jenjang jabatan di bawah.")
    )
    position_type = forms.CharField(
        label=_("Jenis jabatan (mis. JA, JF)"), required=False, max_length=16
    )
    level = forms.CharField(label=_("Jenjang (mis. PELAKSANA)"), required=False, max_length=16)
    approach = forms.ChoiceField(label=_("Pendekatan"), choices=Approach.choices)
    work_results = forms.CharField(
        label=_("RHK dan indikator"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Satu RHK per baris (awali “TAMBAHAN:” untuk RHK tambahan). Indikator di baris "
            "berikutnya diawali “-”: teks | aspek (KUANTITAS/KUALITAS/WAKTU) | target | satuan."
        ),
    )
    resource_support = forms.CharField(
        label=AnnexSection.RESOURCE_SUPPORT.label,
        required=False,
        widget=TEXTAREA,
        help_text=_("Satu butir per baris."),
    )
    accountability_scheme = forms.CharField(
        label=AnnexSection.ACCOUNTABILITY_SCHEME.label, required=False, widget=TEXTAREA
    )
    consequences = forms.CharField(
        label=AnnexSection.CONSEQUENCES.label, required=False, widget=TEXTAREA
    )

    ANNEX_FIELDS = {
        "resource_support": AnnexSection.RESOURCE_SUPPORT,
        "accountability_scheme": AnnexSection.ACCOUNTABILITY_SCHEME,
        "consequences": AnnexSection.CONSEQUENCES,
    }

    def __init__(self, *args: Any, positions: Sequence[Position], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["position"].set_objects(positions, label=lambda p: f"{p.name} ({p.code})")

    def clean_work_results(self) -> list[dict[str, Any]]:
        return _parsed_lines(self.cleaned_data["work_results"])

    def content(self) -> dict[str, Any]:
        data = self.cleaned_data
        annex = [
            {"section": section.value, "text": line.strip()}
            for name, section in self.ANNEX_FIELDS.items()
            for line in data[name].splitlines()
            if line.strip()
        ]
        return {"work_results": data["work_results"], "annex": annex}


def _parsed_lines(raw: str) -> list[dict[str, Any]]:
    try:
        return parse_template_lines(raw)
    except ValueError as error:
        raise forms.ValidationError(str(error), code="invalid") from error


ASPECT_WORDS = {
    "KUANTITAS": Aspect.QUANTITY,
    "KUALITAS": Aspect.QUALITY,
    "WAKTU": Aspect.TIME,
    "BIAYA": Aspect.COST,
    **{a.value: a for a in Aspect},
}
EXTRA_PREFIX = "TAMBAHAN:"


def parse_template_lines(raw: str) -> list[dict[str, Any]]:
    """Read the template's line format into its ``content["work_results"]`` shape."""
    results: list[dict[str, Any]] = []
    for number, line in enumerate(raw.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        if line.startswith("-"):
            if not results:
                raise ValueError(
                    _("Baris %(n)s: indikator harus di bawah sebuah RHK.") % {"n": number}
                )
            results[-1]["indicators"].append(_indicator_line(line[1:], number))
            continue
        kind = WorkResultKind.MAIN
        if line.upper().startswith(EXTRA_PREFIX):
            kind, line = WorkResultKind.ADDITIONAL, line[len(EXTRA_PREFIX) :].strip()
        results.append({"kind": kind.value, "text": line, "assigned_by": "", "indicators": []})
    return results


def _indicator_line(line: str, number: int) -> dict[str, Any]:
    parts = [p.strip() for p in line.split("|")] + ["", "", ""]
    text, aspect_word, target, unit = parts[:4]
    aspect = ASPECT_WORDS.get(aspect_word.upper()) if aspect_word else None
    if aspect_word and aspect is None:
        raise ValueError(
            _("Baris %(n)s: aspek “%(a)s” tidak dikenal.") % {"n": number, "a": aspect_word}
        )
    item: dict[str, Any] = {
        "text": text,
        "aspect": aspect.value if aspect else "",
        "perspective": "",
        "target_kind": TargetKind.NUMBER.value,
        "target_value": None,
        "target_min": None,
        "target_max": None,
        "target_unit": unit,
        "target_text": "",
    }
    if target:
        try:
            item["target_value"] = str(Decimal(target.replace(",", ".")))
        except ArithmeticError:
            item["target_kind"], item["target_text"] = TargetKind.TEXT.value, target
    return item


def template_lines(content: dict[str, Any]) -> str:
    """The inverse of ``parse_template_lines``, to edit a stored template."""
    words = {v: k for k, v in ASPECT_WORDS.items() if k != v}
    lines = []
    for result in content.get("work_results", []):
        prefix = f"{EXTRA_PREFIX} " if result.get("kind") == WorkResultKind.ADDITIONAL else ""
        lines.append(f"{prefix}{result.get('text', '')}")
        for item in result.get("indicators", []):
            target = item.get("target_text") or item.get("target_value") or ""
            lines.append(
                f"- {item.get('text', '')} | {words.get(item.get('aspect', ''), '')} | "
                f"{target} | {item.get('target_unit', '')}"
            )
    return "\n".join(lines)


def template_initial(template: Any) -> dict[str, Any]:
    content = template.content or {}
    annex = {
        name: "\n".join(a["text"] for a in content.get("annex", []) if a.get("section") == section)
        for name, section in TemplateForm.ANNEX_FIELDS.items()
    }
    return {
        "name": template.name,
        "position": template.position_id,
        "position_type": template.position_type,
        "level": template.level,
        "approach": template.approach,
        "work_results": template_lines(content),
        **annex,
    }


class TemplateApplyForm(forms.Form):
    plans = forms.MultipleChoiceField(
        label=_("SKP draf yang cocok"), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args: Any, plans: Sequence[PerformancePlan], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan_map = {str(p.pk): p for p in plans}
        self.fields["plans"].choices = [
            (pk, f"{p.employee.name} — {p.position.name}") for pk, p in self.plan_map.items()
        ]
        self.fields["plans"].initial = list(self.plan_map)

    def clean_plans(self) -> list[PerformancePlan]:
        return [self.plan_map[pk] for pk in self.cleaned_data["plans"]]


# ---------------------------------------------------------------------------- transfer


class PlanTransferForm(forms.Form):
    position = forms.ModelChoiceField(
        label=_("Jabatan baru"), queryset=Position.objects.none(), widget=PlainSelect
    )
    effective_date = forms.DateField(label=_("Mulai (TMT)"), widget=DATE_WIDGET)
    reason = forms.CharField(label=_("Dasar (mis. nomor SK)"), required=False, max_length=255)

    def __init__(
        self, *args: Any, positions: QuerySet[Position], shown: Sequence[Position], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["position"]
        field.queryset = positions  # what may be chosen
        field.widget.choices = [
            ("", "---------"),
            *(  # what is listed: a narrowed page of it
                (p.pk, f"{p.name} — {p.unit.name}{'' if p.is_held else ' ' + str(_('(kosong)'))}")
                for p in shown
            ),
        ]


def today_initial(day: dt.date) -> dict[str, Any]:
    return {"date": day}

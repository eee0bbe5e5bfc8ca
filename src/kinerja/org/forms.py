"""Forms of the organisation pages. They carry input only; org.services checks the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from kinerja.core.forms import PlainSelect, ServiceModelForm
from kinerja.org.config import SETTING_SPECS, clean_setting
from kinerja.org.models import OrgUnit, Position


class IndentedUnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return f"{'— ' * obj.depth}{obj.name}"


class UnitForm(ServiceModelForm):
    class Meta:
        model = OrgUnit
        fields = ["code", "name", "kind", "parent", "serves_public", "is_active"]
        field_classes = {"parent": IndentedUnitChoiceField}
        widgets = {"parent": PlainSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Every unit of the agency, descendants included: choosing one is an ORG-2 error that
        # the service reports next to the field, rather than an option that silently vanishes.
        self.fields["parent"].queryset = (
            OrgUnit.objects.filter(agency_id=self.instance.agency_id)
            .order_by("path")
            .only("id", "name", "depth")
        )


class PositionForm(ServiceModelForm):
    class Meta:
        model = Position
        fields = [
            "code",
            "name",
            "position_type",
            "level",
            "reports_to",
            "is_unit_head",
            "independent_unit_head",
            "pelaksana_group",
            "is_active",
        ]
        widgets = {"reports_to": PlainSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reports_to"].queryset = superior_choices(self.instance)
        self.fields["reports_to"].label_from_instance = lambda p: f"{p.name} ({p.unit.name})"


def superior_choices(position: Position) -> QuerySet[Position]:
    """A superior sits in the position's own unit or a unit above it; plus the current one."""
    unit_ids = [int(part) for part in position.unit.path.strip("/").split("/") if part]
    choices = Q(unit_id__in=unit_ids, is_active=True)
    if position.reports_to_id:
        choices |= Q(pk=position.reports_to_id)
    return (
        Position.objects.filter(choices, agency_id=position.agency_id)
        .exclude(pk=position.pk)
        .select_related("unit")
        .order_by("unit__depth", "path")
    )


class AgencySettingsForm(forms.Form):
    """One field per registered setting (org.config.SETTING_SPECS), plus the reason.

    Fields only carry the input; org.services.agency_settings_save checks each value against its
    spec again (the API sends raw values to the same function).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, spec in SETTING_SPECS.items():
            label = f"{spec.label} ({spec.rule})"
            field: forms.Field
            if spec.kind == "bool":
                field = forms.BooleanField(label=label, required=False)
            elif spec.kind == "choice":
                field = forms.ChoiceField(label=label, choices=spec.choices())  # type: ignore[misc]
            elif spec.kind == "choices":
                field = forms.MultipleChoiceField(
                    label=label,
                    choices=spec.choices(),  # type: ignore[misc]
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                )
            elif spec.kind == "int":
                field = forms.IntegerField(
                    label=label,
                    required=not spec.optional,
                    min_value=spec.minimum,
                    max_value=spec.maximum,
                )
            else:  # month_day: "MM-DD", checked by the service
                field = forms.CharField(
                    label=label,
                    max_length=5,
                    widget=forms.TextInput(attrs={"placeholder": "BB-HH"}),
                )
            self.fields[key] = field
        self.fields["reason"] = forms.CharField(
            label=_("Alasan perubahan"), required=False, max_length=500
        )

    def clean(self) -> dict[str, Any]:
        """Each value also against its spec, so that every bad field shows at once."""
        data = super().clean() or {}
        for key in SETTING_SPECS:
            if key in data:
                try:
                    data[key] = clean_setting(key, data[key])
                except ValidationError as error:
                    self.add_error(key, error.error_dict[key])
        return data

    def changes(self) -> dict[str, Any]:
        return {key: value for key, value in self.cleaned_data.items() if key != "reason"}

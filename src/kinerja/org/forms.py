"""Forms of the organisation pages. They carry input only; org.services checks the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet

from kinerja.core.forms import PlainSelect, ServiceModelForm
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

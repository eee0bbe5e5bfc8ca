"""Forms of the people pages. They carry input; people.services checks the rules (ID-*, ORG-*)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kinerja.core.forms import PlainSelect, ServiceModelForm
from kinerja.org.models import Agency, EmployeeType, ExternalOfficial, Grade, OrgUnit
from kinerja.people.choices import EmployeeStatus
from kinerja.people.models import Employee
from kinerja.people.nip import normalise_nip

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
UNIT_FILTER_DEPTH = 2  # the unit select lists the upper levels; deeper units come via links


class EmployeeFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Nama atau NIP"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    unit = forms.IntegerField(
        label=_("Unit kerja (termasuk subunit)"), required=False, widget=PlainSelect
    )
    employee_type = forms.ChoiceField(
        label=_("Jenis pegawai"),
        required=False,
        choices=[("", _("Semua jenis")), *EmployeeType.choices],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Semua status")), *EmployeeStatus.choices],
    )

    def __init__(
        self,
        *args: Any,
        units: QuerySet[OrgUnit],
        agencies: QuerySet[Agency] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.units = units
        self.agencies = agencies
        if agencies is not None:  # the system administrator chooses among all agencies
            self.fields["agency"] = forms.ChoiceField(
                label=_("Instansi"),
                required=False,
                choices=[("", _("Semua instansi")), *agencies.values_list("code", "name")],
                widget=PlainSelect,
            )
            self.order_fields(["q", "agency"])

    def set_unit_choices(self, agency_id: int | None, selected: OrgUnit | None) -> None:
        """Upper units of the agency in tree order, plus the selected one wherever it sits."""
        units = (
            list(
                self.units.filter(agency_id=agency_id, depth__lte=UNIT_FILTER_DEPTH)
                .order_by("path")
                .only("id", "name", "depth")
            )
            if agency_id
            else []
        )
        if selected is not None and selected not in units:
            units.append(selected)
        self.fields["unit"].widget.choices = [
            ("", _("Semua unit")),
            *((u.pk, f"{'— ' * u.depth}{u.name}") for u in units),
        ]

    def clean_unit(self) -> OrgUnit | None:
        pk = self.cleaned_data.get("unit")
        if pk is None:
            return None
        unit = self.units.filter(pk=pk).first()
        if unit is None:
            raise forms.ValidationError(_("Unit kerja tidak ditemukan."), code="invalid")
        return unit

    def clean_agency(self) -> Agency | None:
        code = self.cleaned_data.get("agency")
        return self.agencies.get(code=code) if code and self.agencies is not None else None


class EmployeeForm(ServiceModelForm):
    # Longer than the stored 18 digits: the display form with spaces is accepted (ID-1).
    nip = forms.CharField(
        label=_("NIP / NI PPPK"),
        max_length=32,
        help_text=_("18 angka; boleh ditulis dengan spasi."),
    )

    class Meta:
        model = Employee
        fields = [
            "nip",
            "employee_type",
            "front_title",
            "name",
            "back_title",
            "grade",
            "status",
            "email",
            "phone",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grade"].queryset = Grade.objects.order_by("employee_type", "order")
        self.fields["grade"].label_from_instance = lambda g: f"{g.employee_type} {g}"


class AppraiserOverrideForm(forms.Form):
    appraiser_nip = forms.CharField(label=_("NIP pejabat penilai"), required=False, max_length=32)
    external_official = forms.ModelChoiceField(
        label=_("atau pejabat non-ASN"), required=False, queryset=ExternalOfficial.objects.none()
    )
    start_date = forms.DateField(label=_("Berlaku mulai"), widget=DATE_WIDGET)
    end_date = forms.DateField(
        label=_("Sampai (kosongkan bila belum ditentukan)"), required=False, widget=DATE_WIDGET
    )
    # Not required here: the service rejects an empty reason with its rule (ORG-6).
    reason = forms.CharField(
        label=_("Alasan"),
        required=False,
        widget=forms.Textarea(attrs={"required": True, "rows": 3}),
    )

    def __init__(
        self,
        *args: Any,
        appraisers: QuerySet[Employee],
        officials: QuerySet[ExternalOfficial],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.appraisers = appraisers
        self.fields["external_official"].queryset = officials

    def clean_appraiser_nip(self) -> Employee | None:
        raw = self.cleaned_data.get("appraiser_nip")
        if not raw:
            return None
        appraiser = self.appraisers.filter(nip=normalise_nip(raw)).first()
        if appraiser is None:
            raise forms.ValidationError(
                _("Tidak ada pegawai instansi ini dengan NIP tersebut. (ORG-6)"), code="ORG-6"
            )
        return appraiser

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        chosen = [data.get("appraiser_nip"), data.get("external_official")]
        if "appraiser_nip" in data and sum(value is not None for value in chosen) != 1:
            raise forms.ValidationError(
                _("Pilih tepat satu pejabat penilai: pegawai (NIP) atau pejabat non-ASN. (ORG-6)"),
                code="ORG-6",
            )
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Tanggal selesai sebelum tanggal mulai."))
        return data

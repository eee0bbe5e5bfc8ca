"""The upload form of the import page; rules stay in the importing service."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.org.models import Agency

SUFFIXES = (".csv", ".xlsx")


class ImportUploadForm(forms.Form):
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), label=gettext_lazy("Instansi"))
    file = forms.FileField(
        label=gettext_lazy("Berkas (.csv atau .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(SUFFIXES)}),
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.only_agency = agencies.first() if agencies.count() == 1 else None
        if self.only_agency is not None:
            del self.fields["agency"]  # an HR administrator imports into their own agency
        else:
            self.fields["agency"].queryset = agencies

    def clean_file(self) -> UploadedFile:
        file: UploadedFile = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_FILE_BYTES
        if Path(file.name or "").suffix.lower() not in SUFFIXES:
            raise forms.ValidationError(
                _("Jenis berkas tidak didukung. Unggah berkas .csv atau .xlsx."), code="import_file"
            )
        if not file.size:
            raise forms.ValidationError(_("Berkas kosong."), code="import_file")
        if file.size > limit:
            raise forms.ValidationError(
                _("Berkas terlalu besar: paling besar %(limit)s.")
                % {"limit": filesizeformat(limit)},
                code="import_file",
            )
        return file

    def chosen_agency(self) -> Agency:
        return self.only_agency or self.cleaned_data["agency"]

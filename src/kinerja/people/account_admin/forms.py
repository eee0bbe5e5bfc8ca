"""Forms of the account pages: they carry input; the rules are in account_admin.services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.accounts.models import Role
from kinerja.org.models import OrgUnit
from kinerja.people.account_admin.selectors import STATES


class ActivationForm(forms.Form):
    """The owner of a new or reset account chooses a password with the code HR gave them."""

    username = forms.CharField(
        label=_("NIP atau nama pengguna"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    activation_code = forms.CharField(
        label=_("Kode aktivasi"),
        max_length=32,
        help_text=_("Dua belas huruf dan angka dari BKPSDM, misalnya ABCD-EFGH-JKMN."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}
        ),
    )
    password1 = forms.CharField(
        label=_("Kata sandi baru"),
        strip=False,
        help_text=_("Paling sedikit 12 karakter; jangan hanya angka atau kata yang umum."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Ulangi kata sandi baru"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("password1") and data.get("password2") != data.get("password1"):
            self.add_error("password2", _("Kedua kata sandi tidak sama."))
        return data


class AccountFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Cari nama, NIP atau nama pengguna"), required=False, max_length=100
    )
    role = forms.ChoiceField(label=_("Peran"), required=False)
    state = forms.ChoiceField(label=_("Keadaan akun"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("Semua peran")), *Role.choices]
        self.fields["state"].choices = [("", _("Semua keadaan")), *STATES.items()]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan"), required=False, max_length=500, widget=forms.TextInput()
    )


class RoleGrantForm(forms.Form):
    role = forms.ChoiceField(label=_("Peran"))
    units = forms.ModelMultipleChoiceField(
        label=_("Batasi pada unit (hanya administrator SDM; kosong: seluruh instansi)"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    reason = forms.CharField(label=_("Alasan"), required=False, max_length=500)

    def __init__(self, *args: Any, agency: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = Role.choices
        # Units near the top, where an HR scope is usually drawn (ORG-9).
        self.fields["units"].queryset = OrgUnit.objects.filter(
            agency=agency, is_active=True, depth__lte=3
        ).order_by("path")

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from kinerja.accounts import throttle


def client_ip(request: HttpRequest | None) -> str | None:
    return request.META.get("REMOTE_ADDR") if request else None


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("NIP atau nama pengguna"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> None:
        self.request = request
        self.user_cache = None
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        username, password = data.get("username"), data.get("password")
        if not username or not password:
            return data
        key = throttle.key_for(username)
        if throttle.is_locked_out(key):
            raise forms.ValidationError(
                _("Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam beberapa menit."),
                code="locked_out",
            )
        self.user_cache = authenticate(self.request, username=username, password=password)
        if self.user_cache is None:
            throttle.record_failure(key, client_ip(self.request))
            raise forms.ValidationError(
                _("NIP/nama pengguna atau kata sandi salah."), code="invalid_login"
            )
        throttle.clear_failures(key)
        return data

    def get_user(self) -> Any:
        return self.user_cache

"""Service errors on forms carry their rule id exactly once (GEN-2)."""

from django import forms
from django.core.exceptions import ValidationError

from kinerja.core.forms import add_service_error


class NameForm(forms.Form):
    name = forms.CharField()


def test_rule_id_is_added_once_GEN_2():
    form = NameForm(data={"name": "x"})
    form.is_valid()
    add_service_error(
        form,
        ValidationError(
            {
                "name": [
                    ValidationError("Nama kosong.", code="PLAN-11"),
                    ValidationError("Nama sudah ada (ID-9).", code="ID-9"),
                ]
            }
        ),
    )
    assert form.errors["name"] == ["Nama kosong. (PLAN-11)", "Nama sudah ada (ID-9)."]


def test_service_field_is_mapped_to_the_form_field():
    form = NameForm(data={"name": "x"})
    form.is_valid()
    add_service_error(
        form,
        ValidationError({"title": [ValidationError("Salah.", code="ORG-4")]}),
        {"title": "name"},
    )
    assert form.errors["name"] == ["Salah. (ORG-4)"]

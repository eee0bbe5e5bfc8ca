"""Form helpers shared by the apps' pages: the rules stay in services, forms only carry input."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.forms.models import construct_instance

RULE_ID = re.compile(r"^[A-Z]+-\d+$")


class ServiceModelForm(forms.ModelForm):
    """A ModelForm that copies input onto the instance but leaves validation to the service.

    The service runs ``full_clean`` and the rules (ID-*, ORG-*) in its transaction; validating
    here as well would reject input the service normalises first (a NIP with spaces, ID-1).
    """

    def _post_clean(self) -> None:
        opts = self._meta
        self.instance = construct_instance(self, self.instance, opts.fields, opts.exclude)


def add_service_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: next to its field, with the rule id (GEN-2)."""
    by_field = error.error_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: [error]}
    for field, errors in by_field.items():
        messages = [_with_rule(e) for e in ValidationError(errors).error_list]
        if field in form.fields:
            form.add_error(field, messages)
        elif field == NON_FIELD_ERRORS:
            form.add_error(None, messages)
        else:  # a rule about a field this form does not show
            label = _field_label(form, field)
            form.add_error(None, [f"{label}: {m}" for m in messages])


def _with_rule(error: ValidationError) -> str:
    message = error.messages[0]
    if error.code and RULE_ID.match(error.code):
        return f"{message} ({error.code})"
    return message


def _field_label(form: forms.BaseForm, field: str) -> str:
    model = getattr(getattr(form, "_meta", None), "model", None)
    if model is not None:
        try:
            return str(model._meta.get_field(field).verbose_name)
        except FieldDoesNotExist:
            return field
    return field

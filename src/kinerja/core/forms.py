"""Form helpers shared by the apps' pages: the rules stay in services, forms only carry input."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.forms.models import construct_instance
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

RULE_ID = re.compile(r"^[A-Z]+-\d+$")


class ServiceModelForm(forms.ModelForm):
    """A ModelForm that copies input onto the instance but leaves validation to the service.

    The service runs ``full_clean`` and the rules (ID-*, ORG-*) in its transaction; validating
    here as well would reject input the service normalises first (a NIP with spaces, ID-1).
    """

    def _post_clean(self) -> None:
        opts = self._meta
        self.instance = construct_instance(self, self.instance, opts.fields, opts.exclude)


def add_service_error(
    form: forms.BaseForm, error: ValidationError, renames: dict[str, str] | None = None
) -> None:
    """Show a service's ValidationError on the form: next to its field, with the rule id (GEN-2).

    ``renames`` maps a service's field name to the form's field that shows it.
    """
    by_field = error.error_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: [error]}
    for service_field, errors in by_field.items():
        field = (renames or {}).get(service_field, service_field)
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
    # Many service messages already end with their rule id; show it once.
    if error.code and RULE_ID.match(error.code) and error.code not in message:
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


class PlainSelect(forms.Select):
    """A ``<select>`` built in Python rather than through Django's per-option templates.

    Django renders every option through a template, which costs a few hundred microseconds
    each: far too slow for the hundreds of units or positions of a large agency. Flat choices
    only (no option groups).
    """

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        selected = {str(v) for v in self.format_value(value)}
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        options = [
            f'<option value="{escape(option)}"{" selected" if str(option) in selected else ""}>'
            f"{escape(label)}</option>"
            for option, label in self.choices
        ]
        return mark_safe(f"<select{flatatt(final_attrs)}>{''.join(options)}</select>")  # noqa: S308 - every value is escaped above

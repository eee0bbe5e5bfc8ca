"""The rows of the organisation tree, built in Python.

Django's template loop with a ``{% url %}`` per row costs about 0.2 ms a row; a large agency has
thousands of units and the page must stay near 150 ms, so the rows are joined here instead.
"""

from __future__ import annotations

from html import escape
from typing import Any

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()

MAX_INDENT = 10  # kinerja.css has .depth-1 … .depth-10; deeper units align with depth 10
_PK = 987654321  # stands for the unit id in the reversed URL


@register.simple_tag
def unit_tree_rows(rows: list[dict[str, Any]]) -> SafeString:
    """One ``<tr>`` per row of ``people.selectors.unit_tree_rows``: name, head, count."""
    url = reverse("org:unit-detail", kwargs={"pk": _PK})
    public = f' <span class="badge ok">{escape(_("layanan publik"))}</span>'
    inactive = f' <span class="badge bad">{escape(_("tidak aktif"))}</span>'
    acting = f' <span class="badge warn">{escape(_("Plt/Plh"))}</span>'
    vacant = f'<span class="muted">{escape(_("kosong"))}</span>'
    html = []
    for row in rows:
        head = (
            escape(row["head_name"]) + (acting if row["head_acting"] else "")
            if row["head_name"]
            else vacant
        )
        html.append(
            f'<tr><td class="depth-{min(row["depth"], MAX_INDENT)}">'
            f'<a href="{url.replace(str(_PK), str(row["id"]))}">{escape(row["name"])}</a>'
            f"{public if row['serves_public'] else ''}{'' if row['is_active'] else inactive}</td>"
            f'<td>{head}</td><td class="num">{row["employee_count"]}</td></tr>'
        )
    return mark_safe("".join(html))  # noqa: S308 - every text value is escaped above

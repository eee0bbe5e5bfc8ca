"""The rows of the organisation tree, built in Python.

Django's template loop with a ``{% url %}`` per row costs about 0.2 ms a row (ADR 0004), so the
rows are joined here: the URLs are reversed once and every text value is escaped.
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


def indent_of(depth: int, base_depth: int) -> int:
    return max(0, min(depth - base_depth, MAX_INDENT))


def _head(row: dict[str, Any]) -> str:
    if not row["head_name"]:
        return f'<span class="muted">{escape(_("kosong"))}</span>'
    acting = f' <span class="badge warn">{escape(_("Plt/Plh"))}</span>'
    return escape(row["head_name"]) + (acting if row["head_acting"] else "")


def _badges(row: dict[str, Any]) -> str:
    public = f' <span class="badge ok">{escape(_("layanan publik"))}</span>'
    inactive = f' <span class="badge bad">{escape(_("tidak aktif"))}</span>'
    return (public if row["serves_public"] else "") + ("" if row["is_active"] else inactive)


@register.simple_tag
def unit_tree_rows(rows: list[dict[str, Any]], code: str, base_depth: int = 0) -> SafeString:
    """One ``<tr>`` per row of ``people.selectors.unit_tree_rows``.

    Name, head, subtree employee count, sub-units; a unit whose sub-units are not shown gets an
    "expand" link to the tree from that unit (works without JS), which htmx turns into a request
    for the children rows swapped in place of the row.
    """
    detail = reverse("org:unit-detail", kwargs={"pk": _PK})
    tree = reverse("org:unit-tree", kwargs={"code": code})
    children = reverse("org:unit-tree-children", kwargs={"code": code, "pk": _PK})
    expand_label = escape(_("Buka sub-unit"))
    html = []
    for row in rows:
        pk = str(row["id"])
        indent = indent_of(row["depth"], base_depth)
        units = str(row["unit_count"])
        if row["expandable"]:
            units = (
                f'<a class="expand" href="{tree}?root={pk}" '
                f'hx-get="{children.replace(str(_PK), pk)}?indent={indent}" '
                f'hx-target="closest tr" hx-swap="outerHTML" '
                f'title="{expand_label}" aria-label="{expand_label}: {escape(row["name"])}">'
                f"{units}&nbsp;&#9656;</a>"
            )
        html.append(
            f'<tr><td class="depth-{indent}">'
            f'<a href="{detail.replace(str(_PK), pk)}">{escape(row["name"])}</a>{_badges(row)}</td>'
            f'<td>{_head(row)}</td><td class="num">{row["employee_count"]}</td>'
            f'<td class="num">{units}</td></tr>'
        )
    return mark_safe("".join(html))  # noqa: S308 - every text value is escaped above


@register.simple_tag
def unit_search_rows(rows: list[dict[str, Any]], code: str) -> SafeString:
    """One ``<tr>`` per found unit: name with its path (ancestors link to the tree from there)."""
    detail = reverse("org:unit-detail", kwargs={"pk": _PK})
    tree = reverse("org:unit-tree", kwargs={"code": code})
    html = []
    for row in rows:
        crumbs = " / ".join(
            f'<a href="{tree}?root={pk}">{escape(name)}</a>' for pk, name in row["ancestors"]
        )
        path = f'<br><small class="muted">{crumbs}</small>' if crumbs else ""
        html.append(
            f'<tr><td><a href="{detail.replace(str(_PK), str(row["id"]))}">'
            f"{escape(row['name'])}</a>{_badges(row)}{path}</td>"
            f"<td>{_head(row)}</td>"
            f'<td><a href="{tree}?root={row["id"]}">{escape(_("Lihat di struktur"))}</a></td></tr>'
        )
    return mark_safe("".join(html))  # noqa: S308 - every text value is escaped above

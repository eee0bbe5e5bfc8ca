"""Presentation filters of the planning pages (no rules here)."""

from __future__ import annotations

import html
import re
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from kinerja.planning.choices import CompletionStatus, PlanAction, PlanStatus
from kinerja.planning.documents.formatting import target_id

register = template.Library()

OTHER_ACTIONS = {"create": _("Dibuat"), "revise": _("Revisi"), "transfer": _("Mutasi")}
STATUS_BADGE = {"APPROVED": "ok", "SUBMITTED": "warn", "REJECTED": "bad"}


@register.filter
def target(indicator: Any) -> str:
    """An indicator's target as written on the SKP: ``2 Dokumen``, ``80 – 100 %`` or the text."""
    return target_id(
        indicator.target_kind,
        value=indicator.target_value,
        minimum=indicator.target_min,
        maximum=indicator.target_max,
        unit=indicator.target_unit,
        text=indicator.target_text,
    )


@register.filter
def status_badge(status: str) -> str:
    """The badge class of a plan or completion status."""
    return STATUS_BADGE.get(str(status), "")


@register.filter
def status_label(code: str) -> str:
    """The display label of a plan status code (PLAN-20)."""
    return str(PlanStatus(code).label) if code in PlanStatus.values else code


@register.filter
def action_label(code: str) -> str:
    """The display label of a workflow action (``create`` is not in the table)."""
    if code in PlanAction.values:
        return str(PlanAction(code).label)
    return str(OTHER_ACTIONS.get(code, code))


@register.filter
def completion_label(code: str) -> str:
    """The display label of a PLAN-29 completion status."""
    return str(CompletionStatus(code).label) if code in CompletionStatus.values else code


@register.filter
def problem_text(problem: Any) -> str:
    """A rule problem's message with its rule id (GEN-2), once."""
    message = str(problem.message)
    return message if problem.rule in message else f"{message} ({problem.rule})"


_SPECIAL = re.compile(r"[&<>\"']")


def _escape(text: str) -> str:
    """``html.escape`` with a fast path: most names and RHK texts need no escaping."""
    return html.escape(text) if _SPECIAL.search(text) else text


SUPPORTERS_SHOWN = 3  # names next to a leader RHK; the rest as a count
WITHOUT_PLAN_SHOWN = 10  # names of direct staff without a plan; the rest as a count


def _more(count: int) -> str:
    return _escape(str(_("dan %(n)s lainnya") % {"n": count}))


@register.simple_tag
def cascade_nodes(
    nodes: list[Any], plan_prefix: str, page_url: str, filter_query: str = ""
) -> SafeString:
    """A bounded cascade (``cascade_subtree``) as nested ``<li>`` rows, joined in Python.

    A node whose children are not on the page gets an "open" link: a plain link to
    ``?root=<plan>`` (works without JS) that htmx swaps in place with the children fragment.
    """
    esc = _escape
    text = {
        "unsupported": f' <span class="badge bad">{esc(str(_("belum didukung")))}</span>',
        "without": f'<span class="badge warn">{esc(str(_("Tanpa SKP")))}</span> ',
        "blocked": f' <span class="badge bad">{esc(str(_("terhambat SKP atasan")))}</span>',
        "below": esc(str(_("SKP di bawah"))),
        "no_plan": esc(str(_("tanpa SKP"))),
        "open": esc(str(_("Buka"))),
        "supports": esc(str(_("mendukung"))),
        "supported": esc(str(_("didukung"))),
    }
    badges = {
        code: f'<span class="badge {STATUS_BADGE.get(code, "")}">{esc(str(label))}</span>'
        for code, label in PlanStatus.choices
    }
    extra = f"&amp;{esc(filter_query)}" if filter_query else ""
    out: list[str] = []
    for node in nodes:
        _cascade_node(node, out, text, badges, plan_prefix, page_url, extra)
    return mark_safe("".join(out))  # noqa: S308 - every text value is escaped


def _cascade_node(
    node: Any,
    out: list[str],
    text: dict[str, str],
    badges: dict[str, str],
    prefix: str,
    page_url: str,
    extra: str,
) -> None:
    esc = _escape
    add = out.append
    add(
        f'<li id="node-{node.plan_id}"><a href="{prefix}{node.plan_id}/">'
        f"{esc(node.employee_name)}</a> · {esc(node.position_name)} "
        f'<span class="muted">· {esc(node.unit_name)}</span> '
        f"{badges.get(node.status, esc(node.status))}"
    )
    if node.blocked:
        add(text["blocked"])
    if node.descendants or node.without_plan_count:
        add(f' <span class="muted">· {node.descendants} {text["below"]}')
        if node.without_plan_count:
            add(f", <strong>{node.without_plan_count} {text['no_plan']}</strong>")
        add("</span>")
    unsupported = {r.id for r in node.unsupported}
    if node.work_results:
        add('<ul class="rhk">')
        for result in node.work_results:
            add(f"<li>{esc(result.text)}")
            if result.supports_text:
                add(f' <span class="muted">→ {text["supports"]} {esc(result.supports_text)}</span>')
            if result.supported_by:
                names = ", ".join(
                    f'<a href="{prefix}{plan_id}/">{esc(name)}</a>'
                    for plan_id, name, _t in result.supported_by[:SUPPORTERS_SHOWN]
                )
                rest = len(result.supported_by) - SUPPORTERS_SHOWN
                add(f' <span class="muted">← {text["supported"]} {names}')
                add(f" {_more(rest)}</span>" if rest > 0 else "</span>")
            elif result.id in unsupported:
                add(text["unsupported"])
            add("</li>")
        add("</ul>")
    if node.staff_without_plan:
        add(f'<p class="without-plan">{text["without"]}')
        add(
            ", ".join(
                f'{esc(name)} <span class="muted">({esc(position)})</span>'
                for _id, name, position in node.staff_without_plan[:WITHOUT_PLAN_SHOWN]
            )
        )
        rest = len(node.staff_without_plan) - WITHOUT_PLAN_SHOWN
        add(f" {_more(rest)}</p>" if rest > 0 else "</p>")
    if node.children:
        add(f'<ul id="children-{node.plan_id}">')
        for child in node.children:
            _cascade_node(child, out, text, badges, prefix, page_url, extra)
        add("</ul>")
    elif node.children_hidden:
        add(cascade_open_link(node, text["open"], page_url, extra))
    add("</li>")


def cascade_open_link(node: Any, label: str, page_url: str, extra: str) -> str:
    """The "open" link of a node whose children are not on the page (htmx: swapped in place)."""
    pk = node.plan_id
    return (
        f'<ul id="children-{pk}"><li><a href="{page_url}?root={pk}{extra}" '
        f'hx-get="{page_url}?root={pk}&amp;part=children{extra}" hx-target="#children-{pk}" '
        f'hx-swap="outerHTML">{label} ({node.descendants})</a></li></ul>'
    )


@register.simple_tag
def without_plan_rows(people: list[tuple[int, str, str]]) -> SafeString:
    """``<li>`` rows of staff without a plan (may be thousands early in a cycle)."""
    return mark_safe(  # noqa: S308 - every text value is escaped
        "".join(
            f'<li>{_escape(name)} <span class="muted">· {_escape(position)}</span></li>'
            for _id, name, position in people
        )
    )

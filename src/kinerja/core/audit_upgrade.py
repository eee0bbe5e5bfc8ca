"""One-off rewrite of CREATE entries stored before their ``changes`` became ``{field: value}``.

Entries written until November 2026 kept a creation as ``{field: [null, value]}``. The meaning
is unchanged (there was never a "before"); only the shape is, so that ``AuditEntry.change_rows``,
the pages and the API read one format. Used by migration core 0004; written with plain UPDATEs
because the trail's own manager refuses every update (GEN-4).
"""

from __future__ import annotations

from typing import Any

from django.db import models

BATCH_SIZE = 2000


def old_create_shape(changes: Any) -> bool:
    """Every value a [null, value] pair: how audit_entry stored a creation before."""
    return (
        isinstance(changes, dict)
        and bool(changes)
        and all(
            isinstance(pair, list) and len(pair) == 2 and pair[0] is None
            for pair in changes.values()
        )
    )


def rewrite_create_entries(model: type[models.Model], connection: Any) -> int:
    """Rewrite the old-shaped CREATE entries of ``model`` (the historical or the real one)."""
    field = model._meta.get_field("changes")
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(field.column)  # type: ignore[union-attr]
    sql = f"UPDATE {table} SET {column} = %s WHERE id = %s"  # noqa: S608 - names from metadata
    rows = (
        model._default_manager.using(connection.alias)
        .filter(action="CREATE")
        .values_list("id", "changes")
        .order_by("id")
    )
    pending: list[tuple[Any, int]] = []
    done = 0
    with connection.cursor() as cursor:
        for pk, changes in rows.iterator(chunk_size=BATCH_SIZE):
            if not old_create_shape(changes):
                continue
            values = {name: pair[1] for name, pair in changes.items()}
            pending.append((field.get_db_prep_save(values, connection), pk))
            if len(pending) >= BATCH_SIZE:
                cursor.executemany(sql, pending)
                done, pending = done + len(pending), []
        if pending:
            cursor.executemany(sql, pending)
            done += len(pending)
    return done

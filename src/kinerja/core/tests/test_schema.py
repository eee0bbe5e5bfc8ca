"""The schema carries no index that another index already covers.

Every index is written on every insert; opening a cycle writes 400,000 rows and an import
200,000, so an index that only repeats the first columns of another costs time and serves no
query. Read from the live database, so it holds on SQLite and on PostgreSQL alike.
"""

import pytest
from django.apps import apps
from django.db import connection

pytestmark = pytest.mark.django_db

OUR_APPS = {"core", "accounts", "org", "people", "planning"}


def _indexes(table: str) -> list[tuple[str, tuple[str, ...], bool]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return [
        (name, tuple(info["columns"]), bool(info["unique"]))
        for name, info in constraints.items()
        if (info["index"] or info["unique"]) and not info["primary_key"] and info["columns"]
    ]


def _tables() -> list[str]:
    return sorted(
        model._meta.db_table
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS and not model._meta.auto_created
    )


def covered_indexes(tables: list[str]) -> list[str]:
    """Plain indexes whose columns are the leading columns of another index on the table."""
    covered = []
    for table in tables:
        indexes = _indexes(table)
        for name, columns, unique in indexes:
            if unique or name.endswith("_like"):
                # A unique constraint on fewer columns says something the longer index can't;
                # PostgreSQL's "_like" twin (pattern operators) serves LIKE 'prefix%' instead.
                continue
            for other, other_columns, _unique in indexes:
                longer = len(other_columns) > len(columns) or other < name  # or a twin
                if other != name and other_columns[: len(columns)] == columns and longer:
                    covered.append(f"{table}: {name}{columns} is covered by {other}")
                    break
    return covered


def test_no_plain_index_repeats_the_start_of_another_index():
    assert covered_indexes(_tables()) == []


def test_the_check_reports_a_covered_index():
    """The test above cannot pass vacuously: an index it must report is reported."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE INDEX schema_probe_covered ON org_orgunit (agency_id)")
    try:
        assert any("schema_probe_covered" in line for line in covered_indexes(["org_orgunit"]))
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX schema_probe_covered")

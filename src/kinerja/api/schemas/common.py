"""Shapes shared by every router: errors, references and pages."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from django.db.models import QuerySet
from ninja import Field, Schema

T = TypeVar("T")
MAX_PAGE_SIZE = 200


class ErrorOut(Schema):
    code: str
    message: str
    rule: str | None = None
    fields: dict[str, list[str]] | None = None


class Ref(Schema):
    id: int
    name: str


class PageQuery(Schema):
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=MAX_PAGE_SIZE)


class Page(Schema, Generic[T]):
    items: list[T]
    count: int
    page: int
    page_size: int


def paginate(queryset: QuerySet[Any], query: PageQuery) -> dict[str, Any]:
    """One COUNT and one SELECT, whatever the page; a page past the end is empty."""
    start = (query.page - 1) * query.page_size
    return {
        "items": list(queryset[start : start + query.page_size]),
        "count": queryset.count(),
        "page": query.page,
        "page_size": query.page_size,
    }


ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}

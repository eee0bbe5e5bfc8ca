"""Shapes shared by every router: errors, references and pages."""

from __future__ import annotations

from typing import Annotated, Any, Generic, TypeVar

from django.db.models import QuerySet
from ninja import Field, Schema
from pydantic import field_validator

T = TypeVar("T")
MAX_PAGE_SIZE = 200
MAX_PAGE = 1_000_000
# A primary key; larger numbers would overflow the database integer (a 500, not a 404).
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


class ErrorOut(Schema):
    code: str
    message: str
    rule: str | None = None
    fields: dict[str, list[str]] | None = None


class Ref(Schema):
    id: int
    name: str


class InputSchema(Schema):
    """Base of every request body and query string."""

    @field_validator("*", mode="before", check_fields=False)
    @classmethod
    def _no_nul_characters(cls, value: Any) -> Any:
        # PostgreSQL cannot store NUL in text: refuse it as bad input instead of failing later.
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("NUL")
        return value


class PageQuery(InputSchema):
    page: int = Field(1, ge=1, le=MAX_PAGE)
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

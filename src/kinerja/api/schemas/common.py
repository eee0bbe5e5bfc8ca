"""Shapes shared by every router: errors, references and pages."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Annotated, Any, Generic, TypeVar

from django.db.models import QuerySet
from ninja import Body, Field, Schema
from ninja.patch_dict import ModelToDict
from pydantic import create_model, field_validator

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


def _patch_body(schema_cls: type[Schema]) -> Any:
    """Body of a PATCH: a dict of the fields sent, each checked as in ``schema_cls``.

    ninja's ``PatchDict`` makes every field ``Optional`` and drops its ``Field()``: a null for a
    text column reached the database (NOT NULL, a 500) and ``max_length`` went unchecked. Here a
    field may be left out, but what is sent keeps its type and constraints, so null is accepted
    only where ``schema_cls`` accepts it.
    """
    fields: dict[str, Any] = {}
    for name, info in schema_cls.model_fields.items():
        optional = copy.copy(info)
        optional.default = None  # not sent: left out of the dict below (exclude_unset)
        fields[name] = (info.annotation, optional)
    model = create_model(f"{schema_cls.__name__}Patch", __base__=schema_cls, **fields)

    class PatchBody(ModelToDict):
        _wrapped_model = model
        _wrapped_model_dump_params = {"exclude_unset": True}

    return Body[PatchBody]  # type: ignore[misc]


if TYPE_CHECKING:

    class Patch(dict[str, Any], Generic[T]):
        pass

else:

    class _PatchFactory:
        def __getitem__(self, schema_cls: type[Schema]) -> Any:
            return _patch_body(schema_cls)

    Patch = _PatchFactory()


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

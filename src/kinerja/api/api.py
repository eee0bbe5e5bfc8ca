"""The REST API: /api/v1, OpenAPI at /api/docs and /api/openapi.json.

Routers are adapters over services and selectors; they hold no rules (STYLE.md §2.1).
"""

from __future__ import annotations

from ninja import NinjaAPI

from kinerja.api.auth import BearerToken
from kinerja.api.errors import install_error_handlers

api = NinjaAPI(
    title="Kinerja API",
    version="1",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    auth=BearerToken(),
)
install_error_handlers(api)

from kinerja.api.routers import register  # noqa: E402  (routers import the api's schemas)

register(api)

"""Mounts every router under /v1. Each context has its own module here."""

from __future__ import annotations

from ninja import NinjaAPI


def register(api: NinjaAPI) -> None:
    from kinerja.api.routers import account_admin, accounts, imports, org, people, planning

    for module in (accounts, account_admin, org, people, imports, planning):
        api.add_router("/v1", module.router)

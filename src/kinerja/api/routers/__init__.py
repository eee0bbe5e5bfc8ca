"""Mounts every router under /v1. Each context has its own module here."""

from __future__ import annotations

from ninja import NinjaAPI


def register(api: NinjaAPI) -> None:
    from kinerja.api.routers import accounts, org, people

    api.add_router("/v1", accounts.router)
    api.add_router("/v1", org.router)
    api.add_router("/v1", people.router)
    try:
        from kinerja.api.routers import planning
    except ImportError:  # planning API not written yet
        return
    api.add_router("/v1", planning.router)

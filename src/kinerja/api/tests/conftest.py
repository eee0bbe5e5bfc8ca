"""A small organisation with one user per role, and a client that speaks bearer tokens.

Agency "alpha" (Dinas):                      Agency "beta":
  office  Kepala Dinas (head)                  beta-unit  Pelaksana (foreign)
  ├─ div1 Kepala Bidang 1 (supervisor) ← head
  │       Pelaksana 1 (employee)  ← Kepala Bidang 1
  │       Pelaksana 1b (mate)     ← Kepala Bidang 1
  │       Analis (peer)           ← head   (same unit as the supervisor, not their staff)
  └─ div2 Kepala Bidang 2 (chief2) ← head
          Pelaksana 2 (other), Pranata SDM (hr), Auditor (auditor),
          Pelaksana Kosong (vacant)  ← Kepala Bidang 2
Users: root (system admin), hr, head, auditor, supervisor, employee (alpha); hr-beta (beta).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client

from kinerja.accounts.models import Role
from kinerja.api.auth import token_issue
from kinerja.core.testing import make_agency, make_employee, make_position, make_unit, make_user


@dataclass
class World:
    agencies: dict[str, Any] = field(default_factory=dict)
    units: dict[str, Any] = field(default_factory=dict)
    positions: dict[str, Any] = field(default_factory=dict)
    employees: dict[str, Any] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)


def build_world() -> World:
    w = World()
    alpha = w.agencies["alpha"] = make_agency("alpha")
    beta = w.agencies["beta"] = make_agency("beta", level="CITY")
    office = w.units["office"] = make_unit(alpha, "Dinas Pendidikan", code="OFFICE")
    div1 = w.units["div1"] = make_unit(alpha, "Bidang Satu", parent=office, code="DIV1")
    div2 = w.units["div2"] = make_unit(alpha, "Bidang Dua", parent=office, code="DIV2")
    beta_unit = w.units["beta"] = make_unit(beta, "Dinas Kesehatan", code="BETA")
    p = w.positions
    p["head"] = make_position(
        office, "Kepala Dinas", position_type="JPT", level="PRATAMA", is_unit_head=True, code="HEAD"
    )
    p["chief1"] = make_position(
        div1,
        "Kepala Bidang Satu",
        level="ADMINISTRATOR",
        is_unit_head=True,
        reports_to=p["head"],
        code="CHIEF1",
    )
    p["staff1"] = make_position(div1, "Pelaksana Satu", reports_to=p["chief1"], code="STAFF1")
    p["staff1b"] = make_position(div1, "Pelaksana Satu B", reports_to=p["chief1"], code="STAFF1B")
    p["peer"] = make_position(
        div1,
        "Analis",
        position_type="JF_KEAHLIAN",
        level="AHLI_MUDA",
        reports_to=p["head"],
        code="PEER",
    )
    p["chief2"] = make_position(
        div2,
        "Kepala Bidang Dua",
        level="ADMINISTRATOR",
        is_unit_head=True,
        reports_to=p["head"],
        code="CHIEF2",
    )
    p["staff2"] = make_position(div2, "Pelaksana Dua", reports_to=p["chief2"], code="STAFF2")
    p["hr"] = make_position(div2, "Pranata SDM", reports_to=p["chief2"], code="HR")
    p["auditor"] = make_position(div2, "Auditor", reports_to=p["chief2"], code="AUD")
    p["vacant"] = make_position(div2, "Pelaksana Kosong", reports_to=p["chief2"], code="VACANT")
    p["beta"] = make_position(beta_unit, "Pelaksana Beta", code="BETA1")
    e = w.employees
    holders = {
        "head": "head",
        "sup": "chief1",
        "emp": "staff1",
        "mate": "staff1b",
        "peer": "peer",
        "chief2": "chief2",
        "other": "staff2",
        "hr": "hr",
        "aud": "auditor",
    }
    for key, position in holders.items():
        e[key] = make_employee(alpha, f"Pegawai {key.title()}", position=p[position])
    e["foreign"] = make_employee(beta, "Pegawai Beta", position=p["beta"])
    u = w.users
    u["sysadmin"] = make_user(username="root", superuser=True)
    u["hr"] = make_user(e["hr"], roles=(Role.HR_ADMIN,))
    u["head"] = make_user(e["head"], roles=(Role.AGENCY_HEAD,))
    u["auditor"] = make_user(e["aud"], roles=(Role.AUDITOR,))
    u["supervisor"] = make_user(e["sup"])
    u["employee"] = make_user(e["emp"])
    u["foreign_hr"] = make_user(agency=beta, username="hr-beta", roles=(Role.HR_ADMIN,))
    return w


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


class Api:
    """Django's test client (so LocaleMiddleware runs) with a bearer token per user."""

    def __init__(self) -> None:
        self.client = Client()
        self.tokens: dict[int, str] = {}

    def _headers(self, user: Any, headers: dict[str, str]) -> dict[str, str]:
        result = dict(headers)
        if user is not None:
            if user.pk not in self.tokens:
                self.tokens[user.pk] = token_issue(user)[0]
            result["Authorization"] = f"Bearer {self.tokens[user.pk]}"
        return result

    def call(
        self,
        method: str,
        path: str,
        user: Any = None,
        body: Any = None,
        raw: str | None = None,
        **headers: str,
    ) -> Any:
        data = raw if raw is not None else (json.dumps(body) if body is not None else None)
        kwargs: dict[str, Any] = {"headers": self._headers(user, headers)}
        if data is not None:
            kwargs.update(data=data, content_type="application/json")
        return getattr(self.client, method.lower())(f"/api/v1{path}", **kwargs)

    def get(self, path: str, user: Any = None, **kw: Any) -> Any:
        return self.call("GET", path, user, **kw)

    def post(self, path: str, user: Any = None, body: Any = None, **kw: Any) -> Any:
        return self.call("POST", path, user, body, **kw)

    def patch(self, path: str, user: Any = None, body: Any = None, **kw: Any) -> Any:
        return self.call("PATCH", path, user, body, **kw)

    def delete(self, path: str, user: Any = None, **kw: Any) -> Any:
        return self.call("DELETE", path, user, **kw)


@pytest.fixture
def api() -> Api:
    return Api()

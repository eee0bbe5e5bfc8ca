"""Bearer tokens for the API. Only the SHA-256 of a token is stored; the raw value is shown once."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from kinerja.accounts.models import ApiToken

LAST_USED_PRECISION = dt.timedelta(minutes=1)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_issue(user: Any) -> tuple[str, ApiToken]:
    """A new token for ``user`` valid for ``settings.API_TOKEN_DAYS``; returns (raw, stored row)."""
    raw = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        key_hash=hash_token(raw),
        expires_at=timezone.now() + dt.timedelta(days=settings.API_TOKEN_DAYS),
    )
    return raw, token


def token_revoke(token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk).delete()


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = (
            ApiToken.objects.select_related("user__employee", "user__agency")
            .filter(key_hash=hash_token(token), expires_at__gt=timezone.now(), user__is_active=True)
            .first()
        )
        if found is None:
            return None
        now = timezone.now()
        # To the minute is enough, and a write on every read would queue each API call behind
        # the database's write lock (SQLite has one writer).
        if found.last_used_at is None or now - found.last_used_at >= LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        request.api_token = found  # type: ignore[attr-defined]  (DELETE /auth/token revokes it)
        return found.user

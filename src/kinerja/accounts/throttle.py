"""Login throttling with lockout, shared by the login page and the API token endpoint.

Failures are rows in the database, so every worker process sees the same count (a per-process
cache would let an attacker spread guesses over workers).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone

from kinerja.accounts.backends import user_for_login
from kinerja.accounts.models import LoginFailure


def key_for(identifier: str) -> str:
    """The account an identifier names, so its username and its NIP share one count; the
    typed text (normalised) when it names no account. Computed once per login attempt (it
    looks the account up) and passed to the functions below."""
    return key_of(user_for_login(identifier), identifier)


def key_of(user: Any, identifier: str) -> str:
    """``key_for`` when the caller has already looked the account up."""
    if user is not None:
        return f"user:{user.pk}"
    return "name:" + (identifier or "").replace(" ", "").strip().lower()[:145]


def is_locked_out(key: str) -> bool:
    since = timezone.now() - dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    count = LoginFailure.objects.filter(identifier=key, at__gte=since).count()
    return count >= settings.LOGIN_FAILURE_LIMIT


def record_failure(key: str, ip_address: str | None) -> None:
    # Failures older than the lockout window count for nothing: removed here, or the table
    # would grow with every mistyped or made-up name (an indexed range delete, usually empty).
    expired = timezone.now() - dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    LoginFailure.objects.filter(at__lt=expired).delete()
    LoginFailure.objects.create(identifier=key, ip_address=ip_address)


def clear_failures(key: str) -> None:
    LoginFailure.objects.filter(identifier=key).delete()

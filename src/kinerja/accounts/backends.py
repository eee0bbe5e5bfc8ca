from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from kinerja.accounts.models import User


def user_for_login(identifier: str) -> User | None:
    """The account named by a username, or by the NIP of its employee (spaces allowed, ID-1)."""
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    user = User.objects.filter(username=identifier).first()
    if user is None:
        nip = identifier.replace(" ", "")  # NIP display form "19860926 201505 1 001" (ID-1)
        if nip.isdigit():
            user = User.objects.filter(employee__nip=nip).first()
    return user


class NipOrUsernameBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None or password is None:
            return None
        user = user_for_login(username)
        if user is None:
            User().set_password(password)  # same work as a real check, against timing probes
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

"""Accounts and roles. Supervisor rights are never stored: they come from the position tree."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    HR_ADMIN = "HR_ADMIN", _("Administrator SDM (BKPSDM)")
    AGENCY_HEAD = "AGENCY_HEAD", _("Pimpinan instansi")
    AUDITOR = "AUDITOR", _("Auditor (Inspektorat)")


class User(AbstractUser):
    """Log in with the username or the NIP of the linked employee (INT-9: one account each)."""

    employee = models.OneToOneField(
        "people.Employee", on_delete=models.PROTECT, null=True, blank=True, related_name="user"
    )
    agency = models.ForeignKey(
        "org.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Instansi akun ini; kosong hanya untuk administrator sistem."),
        db_index=False,  # the (agency, username) index below starts with it
    )
    # An account HR has created or reset waits for its owner to choose a password with a
    # one-time activation code (HR never learns the password). Only the code's SHA-256 is
    # kept: the code carries 60 random bits, so a fast hash is enough (as for API tokens).
    activation_digest = models.CharField(max_length=64, blank=True)
    activation_expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(is_superuser=True) | Q(agency__isnull=False), name="user_has_agency"
            )
        ]
        # The agency's account list, in username order, a page at a time.
        indexes = [models.Index(fields=["agency", "username"], name="user_agency_username")]


class RoleGrant(models.Model):
    """An agency-wide role given to a user. Employee and supervisor need no grant."""

    # Not indexed alone: the (user, agency, role) unique constraint starts with it.
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_grants", db_index=False
    )
    agency = models.ForeignKey("org.Agency", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=16, choices=Role.choices)
    # ORG-9: an HR administrator may be limited to some units (empty: the whole agency).
    units = models.ManyToManyField("org.OrgUnit", blank=True, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "agency", "role"], name="role_grant_unique"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="role_grant_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.role} @ {self.agency_id}"


class ApiToken(models.Model):
    """A bearer token; only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"token {self.pk} of {self.user_id}"


class LoginFailure(models.Model):
    """One failed login attempt, counted per identifier for lockout (see throttle.py)."""

    identifier = models.CharField(max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.identifier} {self.at}"

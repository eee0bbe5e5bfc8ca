"""Test settings: fast hashing, in-memory e-mail, plain HTTP."""

import os

os.environ.setdefault("KINERJA_HTTPS", "false")

from kinerja.config.settings.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_CODE = "id"

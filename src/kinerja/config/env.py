"""The only module that reads the process environment.

Every setting comes from here so that one table in the README documents them all.
Secrets may also come from ``NAME_FILE`` (a path to a file holding the value).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parents[3]  # repository root (src/kinerja/config/env.py)
VAR_DIR = Path(os.environ.get("KINERJA_VAR_DIR", BASE_DIR / "var"))

env = environ.Env()


def env_secret(name: str, default: str | None = None) -> str | None:
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def secret_key() -> str:
    """SECRET_KEY from the environment, else generated once into var/secret_key."""
    value = env_secret("SECRET_KEY")
    if value:
        return value
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


def database_url() -> str:
    default = f"sqlite:///{VAR_DIR / 'kinerja.sqlite3'}"
    return env_secret("DATABASE_URL", default) or default

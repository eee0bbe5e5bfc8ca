"""Root pytest configuration shared by every app's tests."""

import os

os.environ.setdefault("KINERJA_HTTPS", "false")

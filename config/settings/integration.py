"""Integration-test settings: real PostgreSQL, Redis broker and cache, a live Celery worker.

The worker is started by the test fixtures with these same settings, pointed at the test database.
"""

import os

from .base import *  # noqa: F403
from .base import RATE_LIMITS, VAR_DIR

SECRET_KEY = "integration-only-not-secret"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = False
MEDIA_ROOT = VAR_DIR / "integration-media"
PRIVATE_MEDIA_ROOT = VAR_DIR / "integration-private"
if not os.environ.get("CACHE_URL", "").startswith("redis://"):
    raise RuntimeError("integration settings need CACHE_URL=redis://... (see .ci/run)")
# The journeys and the concurrency tests open the public pages many times from one address
# (and the Redis cache outlives a test): the limits themselves are tested in
# tests/core/test_security.py.
RATE_LIMITS = dict.fromkeys(RATE_LIMITS, "100000/minute")

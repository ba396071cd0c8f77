"""Fast unit-test settings: in-memory SQLite, eager Celery, locmem e-mail, MD5 hashing."""

import os

from .base import *  # noqa: F403
from .base import DATABASES, RATE_LIMITS, REST_FRAMEWORK, VAR_DIR

SECRET_KEY = "test-only-not-secret"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
CELERY_BROKER_TRANSPORT_OPTIONS = {}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = VAR_DIR / "test-media" / str(os.getpid())
PRIVATE_MEDIA_ROOT = VAR_DIR / "test-private" / str(os.getpid())
if "DATABASE_URL" not in os.environ:
    DATABASES["default"] = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
REST_FRAMEWORK = {**REST_FRAMEWORK, "TEST_REQUEST_DEFAULT_FORMAT": "json"}
# The suites sign in and open the public pages many times from one address within a minute
# (the locmem cache lives as long as the test process): the limits are tested explicitly, with
# override_settings, in tests/core/test_security.py. The django-axes lockout keeps its real
# limit: its failures are stored in the test database, which every test starts empty.
RATE_LIMITS = dict.fromkeys(RATE_LIMITS, "100000/minute")

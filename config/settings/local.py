"""Developer and demo settings: SQLite, filesystem broker, console e-mail."""

from .base import *  # noqa: F403
from .base import SECRET_KEY, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "local-development-only-not-secret"  # noqa: S105

# The demo runs with DEBUG=false too (so it shows the project's error pages, never Django's debug
# page). runserver serves static files only with DEBUG, so WhiteNoise serves them straight from
# the finders (static/ and the apps), without collectstatic, and picks up edits at once.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

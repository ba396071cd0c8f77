"""Settings for bench/load.py: the production settings, served over plain HTTP on the loopback.

Production expects TLS at a reverse proxy in front of gunicorn; the load test talks to gunicorn
directly on 127.0.0.1, so the cookies must travel over http (a browser, and locust's client,
would not send a Secure cookie back over http: no session, no CSRF token). Nothing else differs
from config.settings.production: DEBUG off, the manifest static storage, the same middleware,
templates, database and cache code paths.
"""

from config.settings.production import *  # noqa: F403
from config.settings.production import REST_FRAMEWORK

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
# No proxy in front: the client's address is REMOTE_ADDR.
TRUSTED_PROXY_COUNT = 0
REST_FRAMEWORK = {**REST_FRAMEWORK, "NUM_PROXIES": 0}

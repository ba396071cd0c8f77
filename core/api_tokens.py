"""API tokens: several named tokens per user, stored as SHA-256 hashes, shown once.

A token is `smt_` + 40 random URL-safe characters (about 240 bits). Only its hash and its first
characters (to recognise it in a list) are stored, so a copy of the database holds no usable
token. Clients send it as `Authorization: Token <token>`.
"""

import hashlib
import secrets
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

PREFIX = "smt_"
# last_used_at is written at most this often per token (not on every request).
LAST_USED_RESOLUTION = timedelta(minutes=5)


def token_generate() -> str:
    return PREFIX + secrets.token_urlsafe(30)


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenAuthentication(TokenAuthentication):
    keyword = "Token"

    def authenticate_credentials(self, key):
        from .models import ApiToken

        try:
            token = ApiToken.objects.select_related("user").get(
                key_hash=token_hash(key), revoked_at__isnull=True
            )
        except ApiToken.DoesNotExist:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return (token.user, token)

"""Survey tokens: a SurveyLink's id signed (HMAC-SHA256) with the site's secret key and a salt
of its own. Nothing secret is stored; a forged or altered token fails the signature."""

from django.core import signing

_SIGNER = signing.Signer(salt="monitoring.survey-link", algorithm="sha256", sep=".")


def token_for(link_id: int) -> str:
    return _SIGNER.sign(str(link_id))


def link_id_from(token: str) -> int | None:
    try:
        value = _SIGNER.unsign(token)
    except signing.BadSignature:
        return None
    return int(value) if value.isdigit() else None


_FOLLOW_UP_SIGNER = signing.Signer(salt="monitoring.follow-up-survey", algorithm="sha256", sep=".")


def follow_up_token_for(survey_id: int) -> str:
    """A FollowUpSurvey's private link token (a salt of its own: a meeting survey's token
    does not open a follow-up survey, nor the other way round)."""
    return _FOLLOW_UP_SIGNER.sign(str(survey_id))


def follow_up_survey_id_from(token: str) -> int | None:
    try:
        value = _FOLLOW_UP_SIGNER.unsign(token)
    except signing.BadSignature:
        return None
    return int(value) if value.isdigit() else None

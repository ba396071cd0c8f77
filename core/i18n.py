"""Which languages a page offers.

Staff, advisers, counterparts and reviewers work in English, Japanese or Russian
(settings.STAFF_LANGUAGES). Vietnamese and Thai are offered where companies read: the public
application form (in the languages its programme chose), the private link page, the decision
pages, and to signed-in company users. A view marks itself with `company_facing`; elsewhere a
staff user whose session says Vietnamese or Thai sees the page in English
(core.middleware.PageLanguageMiddleware)."""

from django.conf import settings
from django.utils import translation

ALL_LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)


def company_facing(view):
    """Mark a view as read by companies: every language of the project may be used there."""
    view.company_facing = True
    return view


def is_company_user(user) -> bool:
    if user is None or not user.is_authenticated:
        return False
    organisation = user.organisation
    return organisation is not None and organisation.kind == "company"


def staff_language(language: str | None) -> str:
    """The language a staff page is shown in for a session in `language`."""
    code = (language or settings.LANGUAGE_CODE)[:2]
    return code if code in settings.STAFF_LANGUAGES else settings.LANGUAGE_CODE


def languages_for_user(user) -> tuple[str, ...]:
    """What the language switch offers on an ordinary page."""
    return ALL_LANGUAGES if is_company_user(user) else tuple(settings.STAFF_LANGUAGES)


def activate_one_of(request, languages) -> str:
    """Keep the active language if the page offers it, otherwise switch to English (or the
    page's first language). Returns the language in force."""
    languages = [code for code in languages if code in ALL_LANGUAGES] or ["en"]
    current = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    if current not in languages:
        current = "en" if "en" in languages else languages[0]
        translation.activate(current)
        request.LANGUAGE_CODE = current
    return current

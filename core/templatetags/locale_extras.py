"""Template helpers for the reader's language: the languages a page offers, lists joined the
way the language joins them, and a deadline with its time zone."""

import datetime

from django import template
from django.conf import settings
from django.template.defaultfilters import date as date_filter
from django.utils import timezone, translation
from django.utils.translation import get_language_info

from core.i18n import ALL_LANGUAGES, languages_for_user

register = template.Library()


@register.simple_tag(takes_context=True)
def page_languages(context):
    """The languages the switch offers here, each as Django's language info (code, name_local):
    the view's `page_languages`, else the request's (set by PageLanguageMiddleware), else what
    the reader may use (`languages_for_user`): an error page for an address no route matches is
    drawn without the middleware's `process_view`, and a company user there still has all five."""
    codes = context.get("page_languages")
    if not codes:
        request = context.get("request")
        codes = getattr(request, "page_languages", None) if request is not None else None
        if callable(codes):
            codes = codes()
        if not codes and request is not None:
            codes = languages_for_user(getattr(request, "user", None))
    codes = [code for code in (codes or settings.STAFF_LANGUAGES) if code in ALL_LANGUAGES]
    return [get_language_info(code) for code in codes]


# Lists: Japanese separates with "、" and no space; the others with a comma (modern Thai
# lists of names use one too: a bare space would also split the names themselves).
_SEPARATORS = {"ja": "、"}


@register.filter
def join_local(items, language=None):
    """Join a list of strings as the active (or given) language writes a list."""
    language = (language or translation.get_language() or "en")[:2]
    separator = _SEPARATORS.get(language, ", ")
    return separator.join(str(item) for item in items if str(item))


# How a deadline is written: Japanese puts the zone's abbreviation after the time.
_DEADLINE_PATTERNS = {"ja": "{date} {time} {abbreviation}"}
_DEADLINE_PATTERN = "{date}, {time} ({zone})"


@register.filter
def deadline(moment, language=None):
    """A moment in the active time zone with its date in the reader's format, the time and the
    zone: "31 January 2027, 17:00 (Asia/Tokyo)", "2027年1月31日(日) 17:00 JST"."""
    if not isinstance(moment, datetime.datetime):
        return ""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    zone = str(timezone.get_current_timezone())
    abbreviation = local.tzname() or ""
    if not abbreviation[:1].isalpha():  # "+07": no name of its own, say the zone
        abbreviation = zone
    language = (language or translation.get_language() or "en")[:2]
    pattern = _DEADLINE_PATTERNS.get(language, _DEADLINE_PATTERN)
    with translation.override(language):
        return pattern.format(
            date=date_filter(local, "DATE_FORMAT"),
            time=date_filter(local, "TIME_FORMAT"),
            zone=zone,
            abbreviation=abbreviation,
        )


# A day with its weekday, as each language writes it on a timetable (with and without the
# year). Django's named formats have no such entry, so the patterns live here.
_WEEKDAY_DATE = {
    "en": ("D j M Y", "D j M"),
    "ja": ("Y年n月j日(D)", "n月j日(D)"),
    "ru": ("D, j E Y", "D, j E"),
    "vi": ("D, j/n/Y", "D, j/n"),
    "th": ("D j M Y", "D j M"),
}


def _weekday_pattern(with_year: bool) -> str:
    language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    patterns = _WEEKDAY_DATE.get(language, _WEEKDAY_DATE["en"])
    return patterns[0] if with_year else patterns[1]


@register.filter
def weekday_date(value):
    """'Mon 15 Feb 2027', '2027年2月15日(月)', 'Пн, 15 февраля 2027'."""
    return date_filter(value, _weekday_pattern(True)) if value else ""


@register.filter
def weekday_day(value):
    """'Mon 15 Feb', '2月15日(月)', 'Пн, 15 февраля' (the year is clear from the page)."""
    return date_filter(value, _weekday_pattern(False)) if value else ""


@register.filter
def weekday_day_time(value):
    """'Mon 15 Feb 13:30', '2月15日(月) 13:30'."""
    return (
        f"{date_filter(value, _weekday_pattern(False))} {date_filter(value, 'H:i')}"
        if value
        else ""
    )

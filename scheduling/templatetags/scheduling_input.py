"""Labels of the pair table: the terms a combined score is made of (scheduling/combine.py) and
why a pair is excluded, in the reader's language."""

from django import template
from django.utils.translation import gettext_lazy as _

from ..texts import why_text

register = template.Library()

TERMS = {
    "domestic_must": _("Japanese: must"),
    "domestic_like": _("Japanese: would like"),
    "overseas_must": _("overseas: must"),
    "overseas_like": _("overseas: would like"),
    "mutual": _("both sides asked"),
    "base": _("nobody asked"),
    "adviser": _("adviser"),
}


@register.filter
def term_label(term: str) -> str:
    return str(TERMS.get(term, term))


@register.filter
def exclusion_label(code: str) -> str:
    return why_text(code)

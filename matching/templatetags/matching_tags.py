"""Template helpers of the matching app."""

from django import template

from ..models import Decision

register = template.Library()


@register.simple_tag
def decision_for(application) -> Decision | None:
    """The selection decision on an application, or None while there is none (a missing
    one-to-one raises, so templates ask through this tag)."""
    try:
        return application.decision
    except Decision.DoesNotExist:
        return None

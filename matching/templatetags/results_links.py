"""{% may_read_results programme as flag %}: whether the signed-in user may open the programme's
selection results (matching.rules.can_read_results), for the link on the programme page."""

from django import template

from matching.rules import can_read_results
from programmes.models import Role

register = template.Library()


@register.simple_tag(takes_context=True)
def may_read_results(context, programme) -> bool:
    user = context.get("user")
    if user is None or programme is None or not user.is_authenticated:
        return False
    if user.is_agency_staff:
        return True
    known = context.get("my_roles")
    if known is not None:
        # The programme page already read the reader's roles (as their labels): no new query.
        return str(Role.REVIEWER.label) in {str(label) for label in known}
    return can_read_results(user, programme)

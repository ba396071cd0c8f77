"""{% may_read_results programme as flag %}: whether the signed-in user may open the programme's
selection results (matching.rules.can_read_results), for the link on the programme page."""

from django import template

from matching.rules import can_read_results

register = template.Library()


@register.simple_tag(takes_context=True)
def may_read_results(context, programme) -> bool:
    user = context.get("user")
    return bool(user is not None and programme is not None and can_read_results(user, programme))

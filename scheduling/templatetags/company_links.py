"""What a company's home ("My applications", companies/views/mine.py) links to of the
scheduling of a programme it applied to. The companies app cannot read the scheduling app (the
apps depend on each other left to right), so its page asks through this tag, as its private
page asks the matching app through ``decision_for``."""

from django import template
from django.urls import reverse

from programmes.rules import roles_in_programme

from .. import selectors
from ..exceptions import RequestsClosed
from ..models import SchedulingSettings
from ..services import inputs

register = template.Library()


@register.simple_tag(takes_context=True)
def company_schedule_links(context, application) -> dict:
    """For one of the reader's company's applications: its meeting requests while the request
    window is open (otherwise why not), and its agenda once the schedule is published. Nothing
    while the company does not take part in the meetings, or to a reader not invited to the
    programme (its scheduling pages would answer 404). The same decisions the catalogue and
    agenda pages make."""
    links = {"requests_url": "", "requests_closes": None, "requests_note": "", "agenda_url": ""}
    request = context.get("request")
    user = getattr(request, "user", None)
    programme = application.programme
    company = application.company
    if user is None or not roles_in_programme(user, programme):
        return links
    if inputs.participant_side(programme, company) is None:
        return links
    try:
        inputs.requests_check_window(programme)
    except RequestsClosed as exc:
        links["requests_note"] = str(exc.message)
    else:
        links["requests_url"] = reverse("scheduling:request.catalogue", args=[programme.slug])
        closes = SchedulingSettings.get_for(programme).requests_close_at
        links["requests_closes"] = programme.local(closes) if closes else None
    if selectors.published_schedule(programme) is not None:
        links["agenda_url"] = reverse(
            "scheduling:agenda.company", args=[programme.slug, company.pk]
        )
    return links

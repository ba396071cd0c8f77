"""Template tags that let other apps' templates show monitoring things without importing the
monitoring app (templates are not imports: the scheduling app's agenda template loads this
library; scheduling's Python code knows nothing of surveys).

``{% agenda_survey_links agenda as survey %}`` gives, for a company's or an interpreter's
agenda read by that respondent (a member of the company's organisation, the interpreter
themselves), their survey link per meeting id; ``{{ survey|survey_for:entry.meeting.pk }}``
gives one (or nothing). Staff and everyone else get none: the link is the respondent's."""

from django import template
from django.urls import reverse

from ..selectors import survey_links_for_meetings
from ..tokens import token_for

register = template.Library()


@register.simple_tag(takes_context=True)
def agenda_survey_links(context, agenda) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    subject = getattr(agenda, "subject", None)
    if user is None or not user.is_authenticated or subject is None or agenda.is_draft:
        return {}
    meetings = [entry.meeting for entry in agenda.entries]
    if not meetings:
        return {}
    if subject.kind == "company":
        company = subject.company
        if not (company.organisation_id and company.organisation_id == user.organisation_id):
            return {}
        links = survey_links_for_meetings(meetings, company=company)
    elif subject.kind == "interpreter" and subject.key == user.pk:
        links = survey_links_for_meetings(meetings, user=user)
    else:
        return {}
    return {
        meeting_id: {
            "url": reverse("monitoring:survey", kwargs={"token": token_for(link.pk)}),
            "answered": hasattr(link, "response"),
        }
        for meeting_id, link in links.items()
    }


@register.filter
def survey_for(links: dict, meeting_id):
    return (links or {}).get(meeting_id)

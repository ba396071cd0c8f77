"""Reads of the monitoring app: which meetings are surveyed, a respondent's links, the flagged
outcomes, and the headline figures (aggregated in the database: the number of queries does not
grow with the number of meetings).

A meeting is **surveyed** when it belongs to its programme's published schedule and was held:
staff recorded it as held, or it is still planned and its end time has passed (nobody recorded a
no-show or a cancellation). No-show and cancelled meetings are never surveyed."""

from django.db.models import Count, F, IntegerField, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from programmes.models import Programme
from scheduling.models import Meeting, Schedule

from .models import FollowUp, MeetingOutcome, SurveyLink, SurveyResponse


def held_q(now, prefix: str = "") -> Q:
    return Q(**{f"{prefix}status": Meeting.Status.HELD}) | Q(
        **{f"{prefix}status": Meeting.Status.PLANNED, f"{prefix}ends_at__lte": now}
    )


def published_meetings(programmes) -> QuerySet[Meeting]:
    return Meeting.objects.filter(
        schedule__programme__in=programmes, schedule__status=Schedule.Status.PUBLISHED
    )


def meetings_surveyed(programme: Programme, *, now=None) -> QuerySet[Meeting]:
    now = now or timezone.now()
    return (
        published_meetings([programme])
        .filter(held_q(now))
        .select_related("overseas", "domestic", "interpreter", "schedule__programme")
    )


def survey_links_for_meetings(meetings, *, company=None, user=None) -> dict[int, SurveyLink]:
    """The respondent's link per meeting id (a company's or an interpreter's)."""
    links = SurveyLink.objects.filter(meeting__in=meetings).select_related("response")
    if company is not None:
        links = links.filter(company=company)
    elif user is not None:
        links = links.filter(user=user, respondent_kind="interpreter")
    else:
        return {}
    return {link.meeting_id: link for link in links}


def outcomes_flagged(programme: Programme) -> QuerySet[MeetingOutcome]:
    return (
        MeetingOutcome.objects.filter(
            flagged=True,
            meeting__schedule__programme=programme,
            meeting__schedule__status=Schedule.Status.PUBLISHED,
        )
        .select_related(
            "meeting__overseas", "meeting__domestic", "meeting__interpreter", "settled_by"
        )
        .prefetch_related("meeting__survey_responses")
        .order_by(F("settled_at").asc(nulls_first=True), "meeting__starts_at", "meeting_id")
    )


def follow_ups_for(programme: Programme, *, status: str | None = None) -> QuerySet[FollowUp]:
    """The programme's follow-up cases (of its published schedule), the next contact first
    (cases without a date last), optionally of one status."""
    found = FollowUp.objects.filter(
        meeting__schedule__programme=programme,
        meeting__schedule__status=Schedule.Status.PUBLISHED,
    )
    if status:
        found = found.filter(status=status)
    return found.select_related(
        "meeting__overseas", "meeting__domestic", "meeting__outcome"
    ).order_by(F("next_contact").asc(nulls_last=True), "meeting__starts_at", "meeting_id")


def follow_up_status_counts(programme: Programme) -> dict[str, int]:
    """Every status with its number of the programme's follow-ups (0 included)."""
    counts = dict.fromkeys(FollowUp.Status.values, 0)
    for row in follow_ups_for(programme).order_by().values("status").annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    return counts


FINAL_LEVEL = Coalesce(
    "outcome__settled_level", "outcome__derived_level", output_field=IntegerField()
)


def prefixed_q(q: Q, prefix: str) -> Q | None:
    """``q`` (a Q of plain lookups on Meeting) as the same Q on a model whose ``prefix``
    (e.g. "meeting__") leads to the meeting; None when ``q`` holds anything else (an
    expression), which the caller then applies through ``meeting__in``."""
    children = []
    for child in q.children:
        if isinstance(child, Q):
            inner = prefixed_q(child, prefix)
            if inner is None:
                return None
            children.append(inner)
        elif (
            isinstance(child, tuple)
            and len(child) == 2
            and isinstance(child[0], str)
            and not hasattr(child[1], "resolve_expression")
        ):
            children.append((f"{prefix}{child[0]}", child[1]))
        else:
            return None
    return Q(*children, _connector=q.connector, _negated=q.negated)


def held_meetings_q(programmes, now, meeting_filter: Q | None = None, prefix: str = "") -> Q:
    """The held meetings of the programmes' published schedules (narrowed by
    ``meeting_filter``) as a Q on a model whose ``prefix`` leads to the meeting: joins, not
    ``meeting__in=<subquery>``, which the planners handle badly on large tables."""
    q = Q(
        **{
            f"{prefix}schedule__programme__in": programmes,
            f"{prefix}schedule__status": Schedule.Status.PUBLISHED,
        }
    ) & held_q(now, prefix)
    if meeting_filter is not None:
        extra = prefixed_q(meeting_filter, prefix) if prefix else meeting_filter
        if extra is None:
            extra = Q(**{f"{prefix}in": published_meetings(programmes).filter(meeting_filter)})
        q &= extra
    return q


def meeting_counts(meetings, now, *group_by: str) -> list[dict]:
    """One pass over ``meetings`` (LEFT JOINs to their outcome and follow-up), optionally
    grouped by ``group_by`` (Meeting lookups): per row the meetings ``held``, ``interpreted``
    (held with an interpreter), ``no_shows``, ``disagreements`` (held and flagged),
    ``level_1``..``level_5`` (held, by final level: settled, else derived) and
    ``follow_up_<status>`` (held meetings' follow-ups by status). One query."""
    held = held_q(now)
    aggregates = {
        "held": Count("id", filter=held),
        "interpreted": Count("id", filter=held & Q(interpreter__isnull=False)),
        "no_shows": Count("id", filter=Q(status=Meeting.Status.NO_SHOW)),
        "disagreements": Count("id", filter=held & Q(outcome__flagged=True)),
        **{f"level_{n}": Count("id", filter=held & Q(final_level=n)) for n in range(1, 6)},
        **{
            f"follow_up_{status}": Count("id", filter=held & Q(follow_up__status=status))
            for status in FollowUp.Status.values
        },
    }
    meetings = meetings.alias(final_level=FINAL_LEVEL).order_by()
    if group_by:
        return list(meetings.values(*group_by).annotate(**aggregates))
    return [meetings.aggregate(**aggregates)]


def figures_from_counts(counts: dict, responses: int) -> dict:
    """outcome_figures' dict from a ``meeting_counts`` row and the number of answers."""
    expected = counts["held"] * 2 + counts["interpreted"]
    levels = {str(level): counts[f"level_{level}"] for level in range(1, 6)}
    follow_ups = {status: counts[f"follow_up_{status}"] for status in FollowUp.Status.values}
    return {
        "meetings_held": counts["held"],
        "no_shows": counts["no_shows"],
        "responses": responses,
        "response_rate": round(responses / expected, 4) if expected else 0.0,
        "levels": levels,
        "disagreements": counts["disagreements"],
        "follow_ups": follow_ups,
        "agreements": levels["5"] + follow_ups[FollowUp.Status.AGREEMENT_SIGNED],
    }


def outcome_figures(programmes, *, now=None, meeting_filter: Q | None = None) -> dict:
    """The headline figures of some programmes. ``response_rate`` = answers received / answers
    expected, where each held meeting expects one answer from each company and one from its
    interpreter when it has one (0.0 when none is expected). ``follow_ups`` counts the held
    meetings' follow-up cases by status (every status, 0 included); ``agreements`` = meetings
    at level 5 (agreement signed on the spot) + follow-ups whose status is agreement signed
    (a follow-up is only opened at level 3 or 4, so nothing is counted twice).
    ``meeting_filter`` (a Q on Meeting, e.g. the dashboards' partner country or sector) keeps
    only the meetings it matches; without it every meeting of the programmes counts.
    Two queries, whatever the number of meetings."""
    now = now or timezone.now()
    meetings = published_meetings(programmes)
    if meeting_filter is not None:
        meetings = meetings.filter(meeting_filter)
    (counts,) = meeting_counts(meetings, now)
    responses = SurveyResponse.objects.filter(
        held_meetings_q(programmes, now, meeting_filter, "meeting__")
    ).count()
    return figures_from_counts(counts, responses)


def return_sale_companies(programme: Programme):
    """The Japanese companies that met partners in the programme's published schedule: the
    companies whose return sales may be recorded."""
    from companies.models import Company

    return Company.objects.filter(
        pk__in=published_meetings([programme]).values("domestic_id")
    ).order_by("legal_name")


def return_sales_for(programme: Programme, *, company=None):
    from .models import ReturnSale

    found = ReturnSale.objects.filter(programme=programme).select_related("company", "recorded_by")
    if company is not None:
        found = found.filter(company=company)
    return found.order_by("company__legal_name", "period_start", "id")


def follow_up_surveys_for(programme: Programme, *, answered: bool | None = None):
    from .models import FollowUpSurvey

    found = FollowUpSurvey.objects.filter(
        follow_up__meeting__schedule__programme=programme,
        follow_up__meeting__schedule__status=Schedule.Status.PUBLISHED,
    )
    if answered is not None:
        found = found.filter(answered_at__isnull=not answered)
    return found.select_related(
        "company", "follow_up__meeting__overseas", "follow_up__meeting__domestic", "return_sale"
    ).order_by("follow_up_id", "months", "respondent_kind")

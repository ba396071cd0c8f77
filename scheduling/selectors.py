"""Reads of the scheduling app that others reuse: who takes part on which side, the sessions,
the schedules of a programme."""

from django.db.models import QuerySet

from companies.models import Application, Company
from matching.models import Decision
from programmes.models import Activity, Programme

from .models import Meeting, MeetingRequest, PairScore, Schedule

S = Application.Status


def overseas_participants(programme: Programme) -> QuerySet[Company]:
    """Overseas companies selected for the programme (decision "select", application still
    "selected": a company that declines is withdrawn)."""
    return (
        Company.objects.filter(
            applications__programme=programme,
            applications__status=S.SELECTED,
            applications__decision__outcome=Decision.Outcome.SELECT,
        )
        .exclude(country="JP")
        .order_by("legal_name", "id")
    )


def domestic_participants(programme: Programme) -> QuerySet[Company]:
    """Japanese companies selected or invited that confirmed their participation."""
    return Company.objects.filter(
        country="JP",
        applications__programme=programme,
        applications__status=S.SELECTED,
        applications__decision__outcome=Decision.Outcome.SELECT,
        applications__decision__response=Decision.Response.CONFIRMED,
    ).order_by("legal_name", "id")


def participant_applications(programme: Programme, companies) -> dict[int, Application]:
    """Each company's application to the programme (its e-mail and language), by company id."""
    rows = Application.objects.unscoped("contact and answers of participants the caller chose")
    rows = rows.filter(programme=programme, company__in=companies)
    return {application.company_id: application for application in rows}


def meeting_sessions(programme: Programme) -> list[Activity]:
    """Business-meeting sessions that have meeting slots, in time order."""
    sessions = (
        Activity.objects.filter(programme=programme, kind=Activity.Kind.BUSINESS_MEETINGS)
        .select_related("venue")
        .order_by("starts_at", "id")
    )
    return [session for session in sessions if session.slots()]


def schedule_list(programme: Programme) -> QuerySet[Schedule]:
    return Schedule.objects.filter(programme=programme).select_related(
        "run", "created_by", "published_by"
    )


def published_schedule(programme: Programme) -> Schedule | None:
    return schedule_list(programme).filter(status=Schedule.Status.PUBLISHED).first()


def meeting_list(schedule: Schedule) -> QuerySet[Meeting]:
    return schedule.meetings.select_related(
        "overseas", "domestic", "activity__venue", "table", "interpreter", "adviser"
    ).order_by("slot", "table__number", "id")


def pair_table(programme: Programme) -> list[dict]:
    """Every pair somebody asked for or an adviser scored, with both sides' requests, the
    adviser's adjustment or block, the combined score and how it was combined (the terms of
    scheduling/combine.py). Staff's pair table; best scores first."""
    from .instance import build

    built = build(programme, check=False)
    by_code = built.by_code
    requests = {
        (company_id, target_id): preference
        for company_id, target_id, preference in MeetingRequest.objects.filter(
            programme=programme
        ).values_list("company_id", "target_id", "preference")
    }
    scores = {
        (row.overseas_id, row.domestic_id): row
        for row in PairScore.objects.filter(programme=programme).select_related("by")
    }
    rows = []
    for (o, d), combined in built.combined.items():
        overseas, domestic = by_code[o].company, by_code[d].company
        adviser = scores.get((overseas.pk, domestic.pk))
        rows.append(
            {
                "overseas": overseas,
                "domestic": domestic,
                "domestic_wants": requests.get((domestic.pk, overseas.pk), ""),
                "overseas_wants": requests.get((overseas.pk, domestic.pk), ""),
                "adviser": adviser,
                "score": combined.score,
                "excluded": combined.excluded,
                "parts": list(combined.parts),
            }
        )
    rows.sort(key=lambda r: (-r["score"] if not r["excluded"] else 1, r["overseas"].legal_name,
                             r["domestic"].legal_name))  # fmt: skip
    return rows


# --- the input pages (catalogue, requests) ---------------------------------------------------


def catalogue(programme: Programme, company: Company, side: str) -> list[dict]:
    """What ``company`` (a participant of ``side``) reads to say whom it wants to meet: every
    participant of the other side, with its application's text answers (what it seeks, with
    the question in the reader's language) and ``company``'s own answer about it ("request",
    a MeetingRequest or None). Four queries, whatever the number of companies."""
    from companies.models import Question
    from programmes.models import Sector

    others = list(
        domestic_participants(programme) if side == "overseas" else overseas_participants(programme)
    )
    applications = participant_applications(programme, others)
    own = {
        request.target_id: request
        for request in MeetingRequest.objects.filter(programme=programme, company=company)
    }
    questions = {
        str(question.pk): question
        for question in Question.objects.filter(form__programme=programme, kind=Question.Kind.TEXT)
    }
    entries = []
    for other in others:
        application = applications.get(other.pk)
        answers = application.answers if application else {}
        seeks = [
            (questions[key].localized("title"), str(value))
            for key, value in answers.items()
            if key in questions and str(value).strip()
        ]
        industries = [
            Sector(code).label if code in Sector.values else code for code in other.industries
        ]
        entries.append(
            {
                "company": other,
                "industries": industries,
                "seeks": seeks,
                "request": own.get(other.pk),
            }
        )
    return entries


def request_list_for_user(user, programme: Programme) -> QuerySet[MeetingRequest]:
    """The meeting requests of the programme the user may read: staff every one, a company's
    members their own company's, anybody else none."""
    requests = MeetingRequest.objects.filter(programme=programme).select_related(
        "company", "target"
    )
    if user.is_authenticated and user.is_agency_staff:
        return requests
    if not user.is_authenticated or user.organisation_id is None:
        return requests.none()
    return requests.filter(company__organisation_id=user.organisation_id)


def unanswered_participants(programme: Programme) -> list[Company]:
    """Participants (both sides) that have not answered a single meeting request yet."""
    answered = MeetingRequest.objects.filter(programme=programme).values("company_id")
    return [
        *overseas_participants(programme).exclude(pk__in=answered),
        *domestic_participants(programme).exclude(pk__in=answered),
    ]

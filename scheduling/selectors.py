"""Reads of the scheduling app that others reuse: who takes part on which side, the sessions,
the schedules of a programme."""

from django.db.models import QuerySet

from companies.models import Application, Company
from matching.models import Decision
from programmes.models import Activity, Programme

from .models import Meeting, Schedule

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
    rows = Application.objects.filter(programme=programme, company__in=companies)
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

"""What a report covers, and who may read which report.

A **programme report** covers its programme, whole. A **portfolio report** covers the
programmes of its selection that have at least one held meeting in it: the programme kind,
the meetings' period (from–to, the meeting's day) and partner country (the overseas
company's); its figures count those meetings (``monitoring.dashboard.dashboard_figures``
with the same filters, so the report shows the dashboard's numbers).

Staff read every report. A ministry reviewer reads a report only when they may read every
programme it covers (``Report.programmes``; ``monitoring.dashboard.programmes_readable``):
a portfolio report that also covers a programme they do not review stays hidden from them.
"""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django_countries import countries

from core.models import User
from programmes.models import Programme

from ..exceptions import ReportEmpty, ReportRefused
from ..models import Report


@dataclass(frozen=True)
class ReportSelection:
    """What a report covers: its programmes (those with a held meeting in the selection), the
    selection itself and the dashboard figures of exactly those programmes."""

    programmes: list[Programme]
    filters: object  # monitoring.dashboard.DashboardFilters
    figures: dict


def _readable(user: User | None) -> QuerySet[Programme]:
    from ..dashboard import programmes_readable

    return Programme.objects.all() if user is None else programmes_readable(user)


def report_filters(report: Report):
    """The DashboardFilters of a stored report's selection (a programme report: none)."""
    from ..dashboard import DashboardFilters

    return DashboardFilters(
        date_from=report.date_from,
        date_to=report.date_to,
        kind=report.kind,
        country=report.country,
    )


def _check_filters(filters):
    """A portfolio selection is a period, a programme kind and a partner country (a year and
    a sector, which the dashboards also filter by, are not part of a report)."""
    from ..dashboard import DashboardFilters

    filters = filters or DashboardFilters()
    errors = {}
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        errors["date_to"] = [_("The period ends before it starts: “to” must not be before “from”.")]
    if filters.kind and filters.kind not in Programme.Kind.values:
        errors["kind"] = [_("Unknown programme kind “%(kind)s”.") % {"kind": filters.kind}]
    if filters.country and filters.country not in dict(countries):
        errors["country"] = [_("Unknown country code “%(code)s”.") % {"code": filters.country}]
    if errors:
        raise ReportRefused(next(iter(errors.values()))[0], errors=errors)
    return DashboardFilters(
        date_from=filters.date_from,
        date_to=filters.date_to,
        kind=filters.kind,
        country=filters.country,
    )


def meetings_held(figures: dict) -> int:
    return int(figures["headline"]["meetings_held"] or 0)


def report_selection(
    *, programme: Programme | None = None, filters=None, user: User | None = None, now=None
) -> ReportSelection:
    """What a report covers (``user``: only programmes they may read; None: all), checked:
    ReportRefused for a programme the user may not read or a bad selection, ReportEmpty when
    no meeting was held in it. A programme report covers its programme, whole; a portfolio
    report the programmes of its kind with at least one held meeting in its period and with
    its partner country."""
    from ..dashboard import DashboardFilters, dashboard_figures

    if programme is not None:
        if not _readable(user).filter(pk=programme.pk).exists():
            message = _("You may not read this programme.")
            raise ReportRefused(message, errors={"programme": [message]})
        filters = DashboardFilters()
        figures = dashboard_figures([programme], filters=filters, now=now)
        covered = [programme]
    else:
        filters = _check_filters(filters)
        candidates = filters.programmes(_readable(user))
        everything = dashboard_figures(candidates, filters=filters, now=now)
        rows = everything["tables"]["programmes"]["rows"]
        slugs = [row["slug"] for row in rows if row["meetings_held"]]
        covered = list(Programme.objects.filter(slug__in=slugs).order_by("start_date", "slug"))
        if len(slugs) == len(rows):  # every candidate has meetings: the figures are these
            figures = everything
        else:
            figures = dashboard_figures(covered, filters=filters, now=now) if covered else None
    if figures is None or not meetings_held(figures):
        raise ReportEmpty()
    return ReportSelection(programmes=covered, filters=filters, figures=figures)


def can_request_reports(user: User) -> bool:
    """Ministry reports are requested by agency staff."""
    return user.is_authenticated and user.is_agency_staff


def can_use_reports(user: User) -> bool:
    """Staff and ministry reviewers (of at least one programme) open the reports pages;
    everyone else is refused (403)."""
    if can_request_reports(user):
        return True
    return user.is_authenticated and _readable(user).exists()


def reports_for_user(user: User) -> QuerySet[Report]:
    """The reports ``user`` may see and download (see the module), newest first."""
    reports = Report.objects.select_related("programme", "created_by", "job")
    if not user.is_authenticated:
        return reports.none()
    if user.is_agency_staff:
        return reports
    readable = _readable(user).values("pk")
    return (
        reports.filter(programmes__isnull=False)
        .exclude(programmes__in=Programme.objects.exclude(pk__in=readable))
        .distinct()
    )

"""A generated portfolio at the scale of the CEO Network project's 2012–2016 record (56 projects,
10,285 business meetings, 775 overseas and 3,288 Japanese companies): for benchmarks and for
trying the dashboards and reports on more than the demo. ``manage.py load_portfolio`` runs it.

Everything is written in bulk (``bulk_create`` in batches) in one transaction, and the same seed
gives the same portfolio (names, pairs, times, statuses, levels, notes, amounts; only the random
access tokens of applications differ). What it makes, per programme:

- a programme (``portfolio-<year>-<nn>-<countries>``, closed; those of the last year in follow-up)
  of a kind (mostly the CEO Network project; Japan–Russia, EU–Japan and other meetings) with its
  partner countries and sectors, two or three afternoon business-meeting sessions (Osaka, then
  Tokyo) with the meeting length and meetings per day of its year (20 min × 8 in 2012, 40 × 8 in
  2013, 30 × 10 in 2014, 30 × 11 from 2015, as the case study tells), a seminar, a reception and a
  company visit, a table per overseas company in every session;
- its counterpart organisation per partner country, its overseas companies (applications put
  forward by the counterparts) and Japanese companies (invited, confirmed), each company in one
  programme, with selected applications and decisions, so that the scheduling selectors see them
  as participants; an interpreter per overseas table (from a shared pool of interpreters);
- a PUBLISHED schedule whose meetings respect every constraint of ``scheduling.Meeting`` (one
  meeting per company, table and interpreter per slot, a pair once): mostly held, some no-shows
  and cancellations;
- for every held meeting three survey links and three answers (the Japanese company, the overseas
  company, the interpreter), the levels spread as such events report them and the respondents
  mostly agreeing; the ``MeetingOutcome`` derived by ``monitoring.levels.derive_level`` (the rule
  the services use), most disagreements settled by the portfolio's officer;
- a follow-up per meeting at level 3 or 4, in every status, with its history of dated notes,
  deal values with their currency, planned visits and next contact dates (overdue ones marked as
  already reminded, so the daily reminder does not mail staff about a generated archive);
- return sales of Japanese companies after the event (half-year periods, in JPY, USD, EUR, THB,
  VND, RUB, ... with ``ExchangeRate`` rows to JPY for every currency and half-year used);
- follow-up survey answers when the model exists (``monitoring.FollowUpSurvey``).

Running it again **replaces** the portfolio: everything it made before (programmes whose slug
matches ``portfolio-<year>-<nn>-``, its companies, organisations, users and exchange rates, all
marked) is deleted first, in the same transaction. Nothing else is touched: the demo programmes
and their companies stay as they are.
"""

from __future__ import annotations

import random
import time

from .build import Loaded, _Builder
from .plan import (
    COMPANY_MARK,
    RATE_SOURCE,
    SLUG_PREFIX,
    SLUG_REGEX,
    PortfolioRefused,
    ProgrammePlan,
    capacity,
    plan,
)

__all__ = [
    "Loaded",
    "PortfolioRefused",
    "ProgrammePlan",
    "capacity",
    "plan",
    "portfolio_delete",
    "portfolio_load",
]


def _fast_delete(queryset) -> None:
    """Delete the rows in one statement: rows of other tables that point at them are deleted
    (or set to NULL, as their foreign key says) through the ORM first; the heavy ones were
    deleted already, child tables first, so what is left there is small or nothing."""
    from django.db import models

    for relation in queryset.model._meta.related_objects:
        if not relation.field.concrete:
            continue
        referrers = relation.related_model._base_manager.filter(
            **{f"{relation.field.name}__in": queryset}
        )
        if relation.on_delete is models.SET_NULL:
            referrers.update(**{relation.field.name: None})
        else:
            referrers.delete()
    queryset._raw_delete(queryset.db)


def portfolio_delete() -> int:
    """Delete a portfolio made before (and only that). Returns the number of programmes."""
    from companies.models import Application, Company, ExchangeRate
    from core.models import Organisation, User
    from matching.models import Decision
    from programmes.models import Activity, Programme, ProgrammeOrganisation, ProgrammeRole, Table
    from scheduling.models import Meeting, OverseasTable, Schedule

    from .. import models as m

    programmes = Programme.objects.filter(slug__regex=SLUG_REGEX)
    found = programmes.count()
    if found:
        ids = list(programmes.values_list("pk", flat=True))
        meetings = Meeting.objects.filter(schedule__programme__in=ids)
        heavy = [
            m.ReturnSale.objects.filter(programme__in=ids),
            m.FollowUpNote.objects.filter(follow_up__meeting__in=meetings),
            m.FollowUp.objects.filter(meeting__in=meetings),
            m.MeetingOutcome.objects.filter(meeting__in=meetings),
            m.SurveyResponse.objects.filter(meeting__in=meetings),
            m.SurveyLink.objects.filter(meeting__in=meetings),
            meetings,
            Schedule.objects.filter(programme__in=ids),
            Table.objects.filter(activity__programme__in=ids),
            OverseasTable.objects.filter(programme__in=ids),
            ProgrammeRole.objects.filter(programme__in=ids),
            ProgrammeOrganisation.objects.filter(programme__in=ids),
            Decision.objects.filter(application__programme__in=ids),
            Application.objects.unscoped("deleting whole programmes").filter(programme__in=ids),
            Activity.objects.filter(programme__in=ids),
        ]
        for queryset in heavy:
            _fast_delete(queryset)
        Programme.objects.filter(pk__in=ids).delete()
    marked = Company.objects.filter(registration_number__startswith=COMPANY_MARK)
    marked.filter(applications__isnull=True).delete()
    User.objects.filter(
        username__startswith=SLUG_PREFIX, organisation__slug__startswith=SLUG_PREFIX
    ).delete()
    Organisation.objects.filter(slug__startswith=SLUG_PREFIX, members__isnull=True).delete()
    ExchangeRate.objects.filter(source=RATE_SOURCE).delete()
    return found


def portfolio_load(
    *,
    programmes: int = 56,
    meetings: int = 10285,
    overseas: int = 775,
    domestic: int = 3288,
    seed: int = 2012,
) -> Loaded:
    """Replace the portfolio with a new one of these numbers (one transaction). Returns what
    was made (rows per model), how many programmes it replaced and the seconds it took."""
    from django.db import connection, transaction

    started = time.perf_counter()
    plans = plan(
        programmes=programmes, meetings=meetings, overseas=overseas, domestic=domestic, seed=seed
    )
    loaded = Loaded()
    with transaction.atomic():
        step = time.perf_counter()
        loaded.replaced = portfolio_delete()
        loaded.timings["delete"] = time.perf_counter() - step
        _Builder(plans, random.Random(seed + 1), loaded).build()
        built = time.perf_counter()
    loaded.timings["commit"] = time.perf_counter() - built  # PostgreSQL checks the keys here
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # Fresh statistics: without them the planner takes the new tables for empty ones and
        # picks nested loops that make the dashboards several times slower.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    loaded.seconds = time.perf_counter() - started
    inserts = sum(v for k, v in loaded.timings.items() if k not in ("delete", "commit"))
    loaded.timings["generate"] = (
        loaded.seconds - inserts - loaded.timings["delete"] - (loaded.timings["commit"])
    )
    return loaded

"""Staff's "all agendas of a day as one PDF": a core.Job run by the worker, with progress.

Kept apart from services.py (the schedule's workflows) because it only reads: it writes
nothing but the job and its file. The task is scheduling.tasks.agenda_day_bundle_run.
"""

from datetime import date

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.models import Job, User
from core.pdf import PdfLimitExceeded
from programmes.models import Programme

from .agenda_files import agendas_pdf
from .agendas import agendas_of_day
from .exceptions import SchedulingError
from .models import Schedule


def agenda_day_bundle_start(
    programme: Programme, *, schedule: Schedule | None, day: str | date, language: str, by: User
) -> Job:
    """Queue the bundle of ``day`` (ISO date in the programme's calendar) of ``schedule``;
    refused with the reason when there is no schedule or no meeting that day."""
    from core.services import job_create

    from .tasks import agenda_day_bundle_run as task

    if schedule is None:
        raise SchedulingError(_("There is no published schedule yet."))
    try:
        day = day if isinstance(day, date) else date.fromisoformat(day)
    except ValueError as exc:
        raise SchedulingError(_("Choose a day of the schedule.")) from exc
    days = {programme.local(m.starts_at).date() for m in schedule.meetings.only("starts_at")}
    if day not in days:
        raise SchedulingError(_("The schedule has no meeting on %(day)s.") % {"day": day})
    return job_create(
        kind="agenda_day_bundle",
        description=_("Agendas of %(day)s, “%(title)s”")
        % {"day": day.isoformat(), "title": programme.display_title},
        params={
            "programme_id": programme.pk,
            "schedule_id": schedule.pk,
            "day": day.isoformat(),
            "language": language,
        },
        by=by,
        task=task,
    )


def agenda_day_bundle_run(job: Job, *, worker: str = "") -> None:
    from core import services as jobs

    if not jobs.job_start(job, worker=worker):
        return
    try:
        schedule = Schedule.objects.select_related("programme").get(
            pk=job.params["schedule_id"], programme_id=job.params["programme_id"]
        )
        programme = schedule.programme
        day = date.fromisoformat(job.params["day"])
        language = job.params.get("language", "en")
        with translation.override(language):
            agendas = agendas_of_day(programme, schedule, day)
            jobs.job_progress(job, done=0, total=max(1, len(agendas)))
            content = agendas_pdf(
                agendas,
                language=language,
                on_progress=lambda done, total: jobs.job_progress(job, done=done, total=total),
            )
            jobs.job_succeed(
                job,
                filename=f"agendas-{programme.slug}-{day.isoformat()}-{language}.pdf",
                content=content,
                message=ngettext(
                    "%(count)d agenda in one PDF.", "%(count)d agendas in one PDF.", len(agendas)
                )
                % {"count": len(agendas)},
            )
    except Schedule.DoesNotExist:
        jobs.job_fail(job, message=_("The schedule no longer exists."))
    except PdfLimitExceeded as exc:
        # A document stopped by its time or memory limit: failed for good, with the reason.
        jobs.job_fail(job, message=str(exc.message))
    except Exception as exc:
        jobs.job_fail(job, message=f"{type(exc).__name__}: {exc}")
        raise

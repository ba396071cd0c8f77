"""The programme workbook: started as a background job, built in the worker."""

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.models import User

from ..models import Programme


def programme_export_start(programme: Programme, *, by: User):
    from core.services import job_create

    from ..tasks import programme_export_run as task

    return job_create(
        kind="programme_export",
        description=_("Workbook of “%(title)s”") % {"title": programme.display_title},
        params={"programme_id": programme.pk, "language": translation.get_language() or "en"},
        by=by,
        task=task,
    )


def programme_export_run(job, *, worker: str = "") -> None:
    """Build the workbook in the worker, reporting progress activity by activity."""
    from core import services as jobs

    from ..export import build_workbook
    from ..selectors import activity_list

    if not jobs.job_start(job, worker=worker):
        return
    try:
        programme = Programme.objects.get(pk=job.params["programme_id"])
        with translation.override(job.params.get("language", "en")):
            activities = list(activity_list(programme))
            jobs.job_progress(job, done=0, total=max(1, len(activities)))
            content = build_workbook(
                programme,
                activities,
                on_progress=lambda done, total: jobs.job_progress(job, done=done, total=total),
            )
            jobs.job_succeed(
                job,
                filename=f"{programme.slug}.xlsx",
                content=content,
                message=ngettext(
                    "%(count)d activity exported.",
                    "%(count)d activities exported.",
                    len(activities),
                )
                % {"count": len(activities)},
            )
    except Programme.DoesNotExist:
        jobs.job_fail(job, message=_("The programme no longer exists."))
    except Exception as exc:
        jobs.job_fail(job, message=f"{type(exc).__name__}: {exc}")
        raise

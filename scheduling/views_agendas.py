"""Agenda pages, PDFs and iCalendar files (scheduling/agendas.py says who reads which).

Every view answers 404 to someone who may not read the agenda, and to anyone outside the
programme. ``?lang=en|ja|ru`` picks the language of the agenda (default: the reader's);
``?schedule=ID`` lets staff read a draft's agenda.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.audit import audit_download
from core.exceptions import ApplicationError
from core.pdf import PdfLimitExceeded
from programmes.selectors import programme_get_for_user

from . import agendas
from .agenda_files import agenda_ics, agenda_pdf
from .models import Schedule

LANGUAGES = {code for code, _name in settings.LANGUAGES}


def agenda_language(request) -> str:
    """?lang= if it is one of ours, else the language the reader is using."""
    wanted = request.GET.get("lang", "")
    if wanted in LANGUAGES:
        return wanted
    return (translation.get_language() or settings.LANGUAGE_CODE)[:2]


def _agenda(request, slug: str, kind: str, key: int) -> agendas.Agenda:
    programme = programme_get_for_user(request.user, slug)
    subject = agendas.agenda_subject_for_user(request.user, programme, kind, key)
    schedule = agendas.agenda_schedule(request.user, programme, request.GET.get("schedule"))
    timezone.activate(programme.tzinfo)
    return agendas.agenda_build(programme, schedule, subject)


def _query(request, **extra) -> str:
    params = {k: v for k, v in request.GET.items() if k in ("schedule", "lang")}
    params.update({k: v for k, v in extra.items() if v})
    return f"?{urlencode(params)}" if params else ""


@login_required
@require_safe
def agenda_page(request, slug: str, kind: str, pk: int | None = None, number: int | None = None):
    key = pk if pk is not None else number
    agenda = _agenda(request, slug, kind, key)
    language = agenda_language(request)
    base = f"scheduling:agenda.{kind}"
    args = [slug, key]
    with translation.override(language):
        return render(
            request,
            "scheduling/agenda/detail.html",
            {
                "agenda": agenda,
                "programme": agenda.programme,
                "pdf_url": reverse(f"{base}.pdf", args=args) + _query(request, lang=language),
                "ics_url": reverse(f"{base}.ics", args=args) + _query(request, lang=language),
                "agenda_languages": [
                    (code, name, reverse(base, args=args) + _query(request, lang=code))
                    for code, name in settings.LANGUAGES
                ],
                "language": language,
            },
        )


def _file_response(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_safe
def agenda_pdf_download(
    request, slug: str, kind: str, pk: int | None = None, number: int | None = None
):
    key = pk if pk is not None else number
    agenda = _agenda(request, slug, kind, key)
    if agenda.schedule is None:
        raise Http404("The schedule is not published yet.")
    language = agenda_language(request)
    filename = f"{agenda.subject.filename_stem}-{language}.pdf"
    try:
        content = agenda_pdf(agenda, language=language)
    except PdfLimitExceeded as exc:
        # Stopped by the PDF time or memory limit: back to the agenda page with the reason.
        messages.error(request, _("The PDF could not be made: %(reason)s") % {"reason": exc})
        return redirect(reverse(f"scheduling:agenda.{kind}", args=[slug, key]) + _query(request))
    response = _file_response(content, content_type="application/pdf", filename=filename)
    audit_download(
        request, filename=filename, obj=agenda.schedule, programme=slug, agenda=kind, subject=key
    )
    return response


@login_required
@require_safe
def agenda_ics_download(
    request, slug: str, kind: str, pk: int | None = None, number: int | None = None
):
    key = pk if pk is not None else number
    agenda = _agenda(request, slug, kind, key)
    if agenda.schedule is None:
        raise Http404("The schedule is not published yet.")
    filename = f"{agenda.subject.filename_stem}.ics"
    response = _file_response(
        agenda_ics(agenda, language=agenda_language(request)),
        content_type="text/calendar; charset=utf-8",
        filename=filename,
    )
    audit_download(
        request, filename=filename, obj=agenda.schedule, programme=slug, agenda=kind, subject=key
    )
    return response


@login_required
@require_safe
def agenda_mine(request, slug: str):
    """The reader's own agenda; with several (or none of their own: staff, reviewers,
    counterparts) the list of the agendas they may read."""
    programme = programme_get_for_user(request.user, slug)
    schedule = agendas.agenda_schedule(request.user, programme, request.GET.get("schedule"))
    listed = agendas.readable_subjects(request.user, programme, schedule)
    everyone = [subject for subjects in listed.values() for subject in subjects]
    own = agendas.own_subjects(request.user, programme)
    if len(everyone) == 1 and own:
        subject = everyone[0]
        url = reverse(f"scheduling:agenda.{subject.kind}", args=[slug, subject.key])
        return redirect(url + _query(request))
    timezone.activate(programme.tzinfo)
    days = []
    if schedule is not None and request.user.is_agency_staff:
        days = sorted({programme.local(m.starts_at).date() for m in schedule.meetings.all()})
    return render(
        request,
        "scheduling/agenda/index.html",
        {
            "programme": programme,
            "schedule": schedule,
            "groups": [
                (agendas.KIND_LABELS[kind], kind, subjects)
                for kind, subjects in listed.items()
                if subjects
            ],
            "query": _query(request),
            "days": days,
            "drafts": Schedule.objects.filter(programme=programme).exclude(
                status=Schedule.Status.SUPERSEDED
            )
            if request.user.is_agency_staff
            else [],
        },
    )


@login_required
@require_POST
def agenda_day_bundle(request, slug: str):
    """Staff: every company's agenda of one day as one PDF, made by the worker (a Job)."""
    from .agenda_jobs import agenda_day_bundle_start

    programme = programme_get_for_user(request.user, slug)
    if not request.user.is_agency_staff:
        raise PermissionDenied
    schedule = agendas.agenda_schedule(request.user, programme, request.POST.get("schedule"))
    try:
        job = agenda_day_bundle_start(
            programme,
            schedule=schedule,
            day=request.POST.get("day", ""),
            language=agenda_language(request)
            if request.POST.get("lang") not in LANGUAGES
            else request.POST["lang"],
            by=request.user,
        )
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
        return redirect(reverse("scheduling:agenda.mine", args=[slug]))
    messages.success(request, _("The agendas are being put together."))
    return redirect("core:job.detail", job.pk)

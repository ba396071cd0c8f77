"""One application: its page with SME result, answers and trail; status changes; staff's
corrections."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ...exceptions import CompanyError
from ...forms import (
    ApplicantForm,
    StatusForm,
)
from ...models import Application, Question
from ...rules import can_manage_applications, can_see_applicants
from ...services.applications import TRANSITIONS, application_transition, application_update
from .access import S, _application, _programme
from .sme_result import SmeResult
from .trail import trail


def answers_shown(application: Application, form) -> list[tuple[str, str]]:
    """(question, answer) in the form's order, in the reader's language."""
    if form is None:
        return []
    shown = []
    for question in form.questions.all():
        value = (application.answers or {}).get(str(question.pk))
        if question.kind == Question.Kind.YES_NO and isinstance(value, bool):
            value = _("Yes") if value else _("No")
        shown.append((question.localized("title"), "" if value is None else str(value)))
    return shown


@login_required
def application_detail(request, slug, pk):
    programme = _programme(request, slug)
    application = _application(request, programme, pk)
    staff = can_manage_applications(request.user, programme)
    form = getattr(programme, "application_form", None)
    events = application.events.select_related("by").order_by("at", "id")
    return render(
        request,
        "companies/application/detail.html",
        {
            "programme": programme,
            "application": application,
            "company": application.company,
            "answers": answers_shown(application, form),
            "sme": SmeResult.from_application(application),
            "trail": trail(events),
            "status_form": StatusForm(application=application)
            if staff and TRANSITIONS.get(application.status)
            else None,
            "can_manage": staff,
            "can_list": staff or can_see_applicants(request.user, programme),
            "can_withdraw": not staff and S.WITHDRAWN in TRANSITIONS.get(application.status, ()),
        },
    )


@login_required
@require_POST
def application_transition_view(request, slug, pk):
    programme = _programme(request, slug)
    application = _application(request, programme, pk)
    to = request.POST.get("status", "")
    if not can_manage_applications(request.user, programme) and to != S.WITHDRAWN:
        raise PermissionDenied
    try:
        application = application_transition(
            application, to=to, by=request.user, reason=request.POST.get("reason", "")
        )
    except CompanyError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            _("Status is now “%(status)s”.") % {"status": application.get_status_display()},
        )
    return redirect("companies:application.detail", slug=programme.slug, pk=application.pk)


@login_required
def application_edit(request, slug, pk):
    programme = _programme(request, slug)
    application = _application(request, programme, pk)
    if not can_manage_applications(request.user, programme):
        raise PermissionDenied
    form = ApplicantForm(
        request.POST or None,
        application_form=getattr(programme, "application_form", None),
        application=application,
    )
    if request.method == "POST" and form.is_valid():
        try:
            application_update(
                application, by=request.user, company=form.company_fields(), answers=form.answers()
            )
        except CompanyError as exc:
            form.show_errors(exc.errors, exc.message)
        else:
            messages.success(request, _("Application saved."))
            return redirect("companies:application.detail", slug=programme.slug, pk=application.pk)
    return render(
        request,
        "companies/application/form.html",
        {"programme": programme, "application": application, "form": form},
    )

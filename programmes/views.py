"""Programme pages. Each view parses, calls one service or selector, and responds."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .exceptions import ProgrammeError
from .forms import ActivityForm, InviteOrganisationForm, InviteUserForm, ProgrammeForm
from .models import ALLOWED_TRANSITIONS, Programme, ProgrammeOrganisation, ProgrammeRole, Role
from .rules import can_manage_programme, roles_in_programme


def _programme(request, slug: str, *, manage: bool = False) -> Programme:
    """The programme if the user may see it (else 404), in its own time zone."""
    programme = selectors.programme_get_for_user(request.user, slug)
    if manage and not can_manage_programme(request.user, programme):
        raise PermissionDenied
    timezone.activate(programme.tzinfo)
    return programme


def _require_manager(request):
    if not can_manage_programme(request.user):
        raise PermissionDenied


def _show_errors(form, exc: ProgrammeError, field_map: dict | None = None) -> None:
    field_map = field_map or {}
    if not exc.errors:
        form.add_error(None, str(exc.message))
    for field, problems in exc.errors.items():
        target = field_map.get(field, field)
        for problem in problems:
            form.add_error(target if target in form.fields else None, str(problem))


@login_required
def programme_list(request):
    programmes = selectors.programme_list_with_counts(request.user)
    return render(
        request,
        "programmes/programme/list.html",
        {"programmes": programmes, "can_create": can_manage_programme(request.user)},
    )


@login_required
def programme_create(request):
    _require_manager(request)
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(by=request.user, **form.service_fields())
        except ProgrammeError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, _("Programme created. Now add its activities."))
            return redirect("programmes:programme.detail", slug=programme.slug)
    return render(request, "programmes/programme/form.html", {"form": form})


@login_required
def programme_edit(request, slug):
    programme = _programme(request, slug, manage=True)
    form = ProgrammeForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_update(programme, by=request.user, **form.service_fields())
        except ProgrammeError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, _("Programme saved."))
            return redirect("programmes:programme.detail", slug=programme.slug)
    return render(request, "programmes/programme/form.html", {"form": form, "programme": programme})


@login_required
def programme_detail(request, slug):
    programme = _programme(request, slug)
    manage = can_manage_programme(request.user, programme)
    labels = dict(Programme.Status.choices)
    mine = roles_in_programme(request.user, programme)
    context = {
        "programme": programme,
        "days": selectors.activities_by_day(programme),
        "can_manage": manage,
        "my_roles": [label for value, label in Role.choices if value in mine],
        "is_adviser": Role.ADVISER in mine,
        "is_reviewer": Role.REVIEWER in mine,
        "transitions": [
            (s, labels[s], services.programme_transition_needs_confirmation(programme, to=s))
            for s in ALLOWED_TRANSITIONS[programme.status]
        ]
        if manage
        else [],
    }
    return render(request, "programmes/programme/detail.html", context)


@login_required
@require_POST
def programme_transition(request, slug):
    programme = _programme(request, slug, manage=True)
    to = request.POST.get("status", "")
    try:
        programme = services.programme_transition(
            programme, to=to, by=request.user, confirmed=request.POST.get("confirm") == "yes"
        )
    except ProgrammeError as exc:
        messages.error(request, str(exc.message))
        if exc.code == "confirmation_required":
            return redirect(
                reverse("programmes:programme.transition.confirm", args=[programme.slug])
                + "?"
                + urlencode({"status": to})
            )
    else:
        messages.success(
            request, _("Status is now “%(status)s”.") % {"status": programme.get_status_display()}
        )
    return redirect("programmes:programme.detail", slug=programme.slug)


@login_required
def programme_transition_confirm(request, slug):
    """What a step back to draft does, before it is done: the form posts to the transition with
    confirm=yes. A step that needs no confirmation goes back to the programme page."""
    programme = _programme(request, slug, manage=True)
    to = request.GET.get("status", "")
    labels = dict(Programme.Status.choices)
    if to not in ALLOWED_TRANSITIONS.get(programme.status, ()) or not (
        services.programme_transition_needs_confirmation(programme, to=to)
    ):
        return redirect("programmes:programme.detail", slug=programme.slug)
    return render(
        request,
        "programmes/programme/transition_confirm.html",
        {
            "programme": programme,
            "target": to,
            "target_label": labels[to],
            "effects": services.programme_transition_effects(programme, to=to),
        },
    )


@login_required
@require_POST
def programme_export(request, slug):
    programme = _programme(request, slug)
    job = services.programme_export_start(programme, by=request.user)
    return redirect("core:job.detail", pk=job.pk)


def _save_activity(request, programme, form, activity=None):
    fields, tables, new_venue = form.service_fields()
    with transaction.atomic():
        if new_venue:
            fields["venue"] = services.venue_get_or_create(**new_venue, by=request.user)
        if activity is None:
            return services.activity_create(programme, by=request.user, tables=tables, **fields)
        return services.activity_update(activity, by=request.user, tables=tables, **fields)


@login_required
def activity_edit(request, slug, pk=None):
    programme = _programme(request, slug, manage=True)
    activity = get_object_or_404(programme.activities, pk=pk) if pk else None
    initial = None
    if activity is None and request.method == "GET":
        initial = {"day": request.GET.get("day") or programme.start_date}
    form = ActivityForm(
        request.POST or None, programme=programme, activity=activity,
        **({"initial": initial} if initial else {}),
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            saved = _save_activity(request, programme, form, activity)
        except ProgrammeError as exc:
            _show_errors(form, exc, ActivityForm.FIELD_MAP)
        else:
            messages.success(request, _("“%(title)s” saved.") % {"title": saved.display_title})
            if saved.is_meeting_session:
                return redirect("programmes:activity.detail", slug=programme.slug, pk=saved.pk)
            return redirect("programmes:programme.detail", slug=programme.slug)
    return render(
        request,
        "programmes/activity/form.html",
        {"form": form, "programme": programme, "activity": activity},
    )


@login_required
def activity_detail(request, slug, pk):
    programme = _programme(request, slug)
    activity = get_object_or_404(selectors.activity_list(programme), pk=pk)
    return render(
        request,
        "programmes/activity/detail.html",
        {
            "programme": programme,
            "activity": activity,
            "slots": activity.slots(),
            "tables": list(activity.tables.all()),
            "can_manage": can_manage_programme(request.user, programme),
        },
    )


@login_required
@require_POST
def activity_delete(request, slug, pk):
    programme = _programme(request, slug, manage=True)
    activity = get_object_or_404(programme.activities, pk=pk)
    try:
        services.activity_delete(activity, by=request.user)
    except ProgrammeError as exc:
        messages.error(request, exc.message)
        return redirect("programmes:activity.detail", slug=programme.slug, pk=activity.pk)
    messages.success(request, _("“%(title)s” deleted.") % {"title": activity.display_title})
    return redirect("programmes:programme.detail", slug=programme.slug)


@login_required
def participants(request, slug):
    programme = _programme(request, slug, manage=True)
    org_form = InviteOrganisationForm(
        request.POST if request.POST.get("form") == "organisation" else None, prefix="org"
    )
    user_form = InviteUserForm(
        request.POST if request.POST.get("form") == "user" else None, prefix="user"
    )
    if request.method == "POST":
        form = org_form if request.POST.get("form") == "organisation" else user_form
        if form.is_valid():
            try:
                if form is org_form:
                    services.programme_invite_organisation(
                        programme, by=request.user, **form.cleaned_data
                    )
                else:
                    services.programme_invite_user(programme, by=request.user, **form.cleaned_data)
            except ProgrammeError as exc:
                _show_errors(form, exc)
            else:
                messages.success(request, _("Invitation sent."))
                return redirect("programmes:programme.participants", slug=programme.slug)
    return render(
        request,
        "programmes/programme/participants.html",
        {
            "programme": programme,
            "org_form": org_form,
            "user_form": user_form,
            **selectors.participants(programme),
        },
    )


@login_required
@require_POST
def participant_remove(request, slug, kind, pk):
    programme = _programme(request, slug, manage=True)
    model = ProgrammeOrganisation if kind == "organisation" else ProgrammeRole
    link = get_object_or_404(model, programme=programme, pk=pk)
    services.programme_uninvite(link, by=request.user)
    messages.success(request, _("Removed from the programme."))
    return redirect("programmes:programme.participants", slug=programme.slug)

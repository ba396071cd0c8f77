"""Staff pages of the assessment round: settings, criteria and the lock; conflicts of interest;
who reviews which application; the ranking with its export and the bulk decisions; invitations
of Japanese companies from the registry; the selected participants and their answers. Each view
parses, calls one service or selector, and responds.

Who sees what: agency staff everything; an adviser of the programme the conflicts page (their
own conflicts); other people who can see the programme 403; people who cannot see it 404.
Times are shown in the programme's time zone."""

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

import tablib
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from companies.models import Application
from companies.resources import escape_formula
from core.models import Organisation
from programmes.models import Programme, Role, Sector
from programmes.selectors import programme_get_for_user

from .. import selectors
from ..exceptions import AssessmentError
from ..forms import (
    AssessmentSettingsForm,
    AssignmentForm,
    ConflictForm,
    CriterionForm,
    DecisionForm,
    InvitationFilterForm,
    InvitationForm,
    ResponseForm,
)
from ..models import Assignment, Conflict, Decision
from ..rules import can_manage_assessment, can_withdraw_conflict, is_adviser
from ..services.assignments import (
    assignment_create,
    assignment_delete,
    assignments_auto,
    conflict_declare,
    conflict_withdraw,
)
from ..services.decisions import (
    companies_invite,
    decision_record,
    participation_respond,
    waitlist_promote,
)
from ..services.round import (
    assessment_lock,
    assessment_unlock,
    assessment_update,
    criterion_create,
    criterion_delete,
    criterion_update,
)

# --- access -----------------------------------------------------------------------------------


def _programme(request, slug: str) -> Programme:
    """The programme if the user may see it (else 404), in its own time zone."""
    programme = programme_get_for_user(request.user, slug)
    timezone.activate(programme.tzinfo)
    return programme


def _managed_programme(request, slug: str) -> Programme:
    programme = _programme(request, slug)
    if not can_manage_assessment(request.user, programme):
        raise PermissionDenied
    return programme


def _refused(request, exc: AssessmentError, labels: dict | None = None) -> None:
    """A refusal shown as one message, with what is wrong where when the page has no form."""
    details = [
        f"{labels[name]}: {problem}" if labels and name in labels else str(problem)
        for name, problems in (exc.errors or {}).items()
        for problem in problems
    ]
    messages.error(request, " ".join([str(exc.message), *details]))


# --- the round: settings, lock, criteria ------------------------------------------------------


@login_required
def assessment_overview(request, slug):
    programme = _managed_programme(request, slug)
    assessment = selectors.assessment_for(programme)
    reviews = Assignment.objects.filter(programme=programme).aggregate(
        assigned=Count("pk"), complete=Count("pk", filter=Q(completed_at__isnull=False))
    )
    applications = selectors.pool(programme).count()
    return render(
        request,
        "matching/staff/overview.html",
        {
            "programme": programme,
            "assessment": assessment,
            "settings_form": AssessmentSettingsForm(instance=assessment),
            "criteria": selectors.criterion_list(programme),
            "applications": applications,
            "reviews_needed": applications * assessment.reviews_per_application,
            "reviews": reviews,
            "selected": selectors.selected_count(programme),
        },
    )


@login_required
@require_POST
def assessment_settings(request, slug):
    programme = _managed_programme(request, slug)
    form = AssessmentSettingsForm(request.POST)
    labels = {name: field.label for name, field in form.fields.items()}
    if not form.is_valid():
        messages.error(
            request,
            " ".join(
                [_("The settings were not saved.")]
                + [
                    f"{labels.get(name, '')}: {' '.join(errors)}"
                    for name, errors in form.errors.items()
                ]
            ),
        )
    else:
        try:
            assessment_update(programme, by=request.user, **form.service_fields())
        except AssessmentError as exc:
            _refused(request, exc, labels)
        else:
            messages.success(request, _("Settings of the round saved."))
    return redirect("matching:assessment", slug=programme.slug)


@login_required
@require_POST
def assessment_lock_view(request, slug):
    programme = _managed_programme(request, slug)
    assessment_lock(programme, by=request.user)
    messages.success(
        request, _("The round is locked: scores and assignments can no longer change.")
    )
    return redirect("matching:assessment", slug=programme.slug)


@login_required
@require_POST
def assessment_unlock_view(request, slug):
    programme = _managed_programme(request, slug)
    assessment_unlock(programme, by=request.user)
    messages.success(request, _("The round is open again: advisers can change their scores."))
    return redirect("matching:assessment", slug=programme.slug)


@login_required
def criterion_edit(request, slug, pk=None):
    programme = _managed_programme(request, slug)
    criterion = selectors.criterion_get(programme, pk) if pk is not None else None
    form = CriterionForm(request.POST or None, instance=criterion)
    if request.method == "POST" and form.is_valid():
        try:
            if criterion is None:
                criterion = criterion_create(programme, by=request.user, **form.service_fields())
            else:
                criterion = criterion_update(criterion, by=request.user, **form.service_fields())
        except AssessmentError as exc:
            form.show_errors(exc)
        else:
            messages.success(
                request, _("Criterion “%(name)s” saved.") % {"name": criterion.display_name}
            )
            return redirect("matching:assessment", slug=programme.slug)
    return render(
        request,
        "matching/staff/criterion_form.html",
        {
            "programme": programme,
            "assessment": selectors.assessment_for(programme),
            "criterion": criterion,
            "form": form,
        },
    )


@login_required
@require_POST
def criterion_delete_view(request, slug, pk):
    programme = _managed_programme(request, slug)
    criterion = selectors.criterion_get(programme, pk)
    try:
        criterion_delete(criterion, by=request.user)
    except AssessmentError as exc:
        _refused(request, exc)
    else:
        messages.success(
            request, _("Criterion “%(name)s” deleted.") % {"name": criterion.display_name}
        )
    return redirect("matching:assessment", slug=programme.slug)


# --- conflicts of interest --------------------------------------------------------------------


def _conflicts_programme(request, slug: str) -> tuple[Programme, bool]:
    """Staff (every conflict) or an adviser of the programme (their own); others 403."""
    programme = _programme(request, slug)
    staff = can_manage_assessment(request.user, programme)
    if not staff and not is_adviser(request.user, programme):
        raise PermissionDenied
    return programme, staff


@login_required
def conflict_list(request, slug):
    programme, staff = _conflicts_programme(request, slug)
    form = ConflictForm(request.POST or None, programme=programme, staff=staff)
    if request.method == "POST" and form.is_valid():
        adviser = form.cleaned_data["adviser"] if staff else request.user
        company = form.cleaned_data["company"]
        try:
            conflict_declare(
                programme,
                adviser=adviser,
                company=company,
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except AssessmentError as exc:
            form.show_errors(exc)
        else:
            messages.success(
                request,
                _("Conflict of interest of %(adviser)s with %(company)s recorded: they will not "
                  "review its application.")
                % {"adviser": adviser.display_name(), "company": company},
            )  # fmt: skip
            return redirect("matching:conflict.list", slug=programme.slug)
    locked = selectors.assessment_for(programme).is_locked
    conflicts = list(selectors.conflict_list_for_user(request.user, programme))
    for conflict in conflicts:
        conflict.can_withdraw = not locked and can_withdraw_conflict(request.user, conflict)
    return render(
        request,
        "matching/staff/conflicts.html",
        {
            "programme": programme,
            "staff": staff,
            "locked": locked,
            "conflicts": conflicts,
            "withdrawn": selectors.conflict_withdrawal_list(programme) if staff else [],
            "form": form,
        },
    )


@login_required
@require_POST
def conflict_delete(request, slug, pk):
    programme, _staff = _conflicts_programme(request, slug)
    conflict = selectors.conflict_get_for_user(request.user, pk)
    if conflict.programme_id != programme.pk:
        raise Http404("No such conflict.")
    try:
        conflict_withdraw(conflict, by=request.user)
    except AssessmentError as exc:
        _refused(request, exc)
    else:
        messages.success(
            request,
            _("Conflict of %(adviser)s with %(company)s withdrawn.")
            % {"adviser": conflict.adviser.display_name(), "company": conflict.company},
        )
    return redirect("matching:conflict.list", slug=programme.slug)


# --- assignments ------------------------------------------------------------------------------


@dataclass
class AssignmentRow:
    application: Application
    assignments: list[Assignment]
    conflicted: list[str]  # advisers with a declared conflict with the company
    missing: int  # reviews still to assign (none once decided)


def _assignment_rows(programme: Programme, required: int) -> list[AssignmentRow]:
    applications = (
        selectors.pool(programme)
        .select_related("decision")
        .prefetch_related(
            Prefetch("assignments", queryset=Assignment.objects.select_related("adviser"))
        )
        .order_by("company__legal_name")
    )
    conflicts: dict[int, list[str]] = {}
    for conflict in Conflict.objects.filter(programme=programme).select_related("adviser"):
        conflicts.setdefault(conflict.company_id, []).append(conflict.adviser.display_name())
    rows = []
    for application in applications:
        assignments = list(application.assignments.all())
        rows.append(
            AssignmentRow(
                application,
                assignments,
                conflicts.get(application.company_id, []),
                0 if hasattr(application, "decision") else max(0, required - len(assignments)),
            )
        )
    return rows


@login_required
def assignment_list(request, slug):
    programme = _managed_programme(request, slug)
    form = AssignmentForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        application = form.cleaned_data["application"]
        adviser = form.cleaned_data["adviser"]
        try:
            assignment_create(application, adviser=adviser, by=request.user)
        except AssessmentError as exc:
            form.show_errors(exc)
        else:
            messages.success(
                request,
                _("%(company)s assigned to %(adviser)s.")
                % {"company": application.company, "adviser": adviser.display_name()},
            )
            return redirect("matching:assignment.list", slug=programme.slug)
    assessment = selectors.assessment_for(programme)
    mine = Q(assignments__programme=programme)
    advisers = selectors.adviser_list(programme).annotate(
        assigned=Count("assignments", filter=mine),
        complete=Count("assignments", filter=mine & Q(assignments__completed_at__isnull=False)),
    )
    return render(
        request,
        "matching/staff/assignments.html",
        {
            "programme": programme,
            "assessment": assessment,
            "rows": _assignment_rows(programme, assessment.reviews_per_application),
            "advisers": advisers,
            "form": form,
        },
    )


@login_required
@require_POST
def assignment_auto(request, slug):
    programme = _managed_programme(request, slug)
    try:
        result = assignments_auto(programme, by=request.user)
    except AssessmentError as exc:
        _refused(request, exc)
        return redirect("matching:assignment.list", slug=programme.slug)
    loads = ", ".join(f"{name} ({load})" for name, load in result["loads"].items())
    messages.success(
        request,
        ngettext(
            "%(created)s review assigned for the %(applications)s applications waiting for a "
            "decision. Reviews per adviser: %(loads)s.",
            "%(created)s reviews assigned for the %(applications)s applications waiting for a "
            "decision. Reviews per adviser: %(loads)s.",
            result["created"],
        )
        % {**result, "loads": loads},
    )
    if result["short"]:
        names = dict(
            selectors.pool(programme)
            .filter(pk__in=result["short"])
            .values_list("pk", "company__legal_name")
        )
        short = ", ".join(
            _("%(company)s (%(missing)s missing)") % {"company": names.get(pk, pk), "missing": n}
            for pk, n in result["short"].items()
        )
        messages.warning(
            request,
            _("Not enough advisers free of conflicts for: %(short)s. Invite more advisers or "
              "lower the reviews per application.") % {"short": short},
        )  # fmt: skip
    return redirect("matching:assignment.list", slug=programme.slug)


@login_required
@require_POST
def assignment_delete_view(request, slug, pk):
    programme = _managed_programme(request, slug)
    assignment = get_object_or_404(
        selectors.assignment_list_for_user(request.user, programme), pk=pk
    )
    try:
        assignment_delete(assignment, by=request.user)
    except AssessmentError as exc:
        _refused(request, exc)
    else:
        messages.success(
            request,
            _("%(company)s is no longer assigned to %(adviser)s.")
            % {
                "company": assignment.application.company,
                "adviser": assignment.adviser.display_name(),
            },
        )
    return redirect("matching:assignment.list", slug=programme.slug)


# --- the ranking, its export and the decisions ------------------------------------------------


def _counterparts(programme: Programme):
    """Counterparts invited to the programme or that put an applicant forward."""
    return (
        Organisation.objects.filter(
            Q(programme_links__programme=programme, programme_links__role=Role.COUNTERPART)
            | Q(pk__in=Application.objects.filter(programme=programme).values("counterpart_id"))
        )
        .distinct()
        .order_by("name")
    )


def _counterpart(programme: Programme, slug: str) -> Organisation | None:
    return get_object_or_404(_counterparts(programme), slug=slug) if slug else None


def _ranking_url(programme: Programme, counterpart: Organisation | None) -> str:
    url = reverse("matching:ranking", kwargs={"slug": programme.slug})
    return f"{url}?{urlencode({'counterpart': counterpart.slug})}" if counterpart else url


def _recommendations(row) -> list[tuple[str, str, int]]:
    return [
        (value, label, row.recommendations[value])
        for value, label in Assignment.Recommendation.choices
        if row.recommendations.get(value)
    ]


def _ranking_page(request, programme, form: DecisionForm, counterpart):
    assessment = selectors.assessment_for(programme)
    selected = selectors.selected_count(programme)
    entries = selectors.ranking(programme, counterpart=counterpart)
    return render(
        request,
        "matching/staff/ranking.html",
        {
            "programme": programme,
            "assessment": assessment,
            "rows": [(entry, _recommendations(entry.row)) for entry in entries],
            "counterparts": _counterparts(programme),
            "counterpart": counterpart,
            "query": urlencode({"counterpart": counterpart.slug}) if counterpart else "",
            "selected": selected,
            "below_min": selected < assessment.target_min,
            "waiting": selectors.waitlist(programme).count(),
            "frozen_rates": selectors.frozen_rates(programme) if assessment.is_locked else [],
            "form": form,
            "checked": form.checked(),
        },
    )


@login_required
def ranking(request, slug):
    programme = _managed_programme(request, slug)
    counterpart = _counterpart(programme, request.GET.get("counterpart", ""))
    form = DecisionForm(
        programme=programme, initial={"counterpart": counterpart.slug if counterpart else ""}
    )
    return _ranking_page(request, programme, form, counterpart)


@login_required
@require_POST
def decision_create(request, slug):
    programme = _managed_programme(request, slug)
    counterpart = _counterpart(programme, request.POST.get("counterpart", ""))
    form = DecisionForm(request.POST, programme=programme)
    if form.is_valid():
        data = form.cleaned_data
        # In the order ticked on the page (best first), which is the order on the waiting list.
        order = {pk: index for index, pk in enumerate(request.POST.getlist("applications"))}
        applications = sorted(data["applications"], key=lambda a: order.get(str(a.pk), 0))
        try:
            decisions = decision_record(
                programme,
                applications=applications,
                outcome=data["outcome"],
                reason=data["reason"],
                override_reason=data["override_reason"],
                by=request.user,
            )
        except AssessmentError as exc:
            form.show_errors(exc)
        else:
            messages.success(
                request,
                ngettext(
                    "Decision “%(outcome)s” recorded for %(count)s applicant. The company is "
                    "told when you press “Tell the companies”.",
                    "Decision “%(outcome)s” recorded for %(count)s applicants. The companies are "
                    "told when you press “Tell the companies”.",
                    len(decisions),
                )
                % {"outcome": Decision.Outcome(data["outcome"]).label, "count": len(decisions)},
            )
            return redirect(_ranking_url(programme, counterpart))
    return _ranking_page(request, programme, form, counterpart)


@login_required
@require_POST
def waitlist_promote_view(request, slug):
    programme = _managed_programme(request, slug)
    try:
        decision = waitlist_promote(programme, by=request.user)
    except AssessmentError as exc:
        _refused(request, exc)
    else:
        company = decision.application.company
        if decision.application.email:
            text = _("%(company)s is promoted from the waiting list; an e-mail telling it is "
                     "queued.")  # fmt: skip
        else:
            text = _("%(company)s is promoted from the waiting list (no e-mail address: tell it "
                     "another way).")  # fmt: skip
        messages.success(request, text % {"company": company})
    return redirect("matching:ranking", slug=programme.slug)


EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _cell(value):
    """Numbers as numbers (a spreadsheet can add them up), text that cannot run as a formula."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, int):
        return value
    return escape_formula(str(value))


def _answer(decision: Decision | None) -> str:
    if decision is None or decision.outcome != Decision.Outcome.SELECT:
        return ""
    if decision.response:
        return decision.get_response_display()
    return _("awaiting") if decision.notified_at else _("not told yet")


@login_required
def ranking_export(request, slug):
    programme = _managed_programme(request, slug)
    kind = request.GET.get("format", "csv")
    if kind not in EXPORT_TYPES:
        return HttpResponseBadRequest(_("Choose the format csv or xlsx."))
    counterpart = _counterpart(programme, request.GET.get("counterpart", ""))
    criteria = list(selectors.criterion_list(programme))
    dataset = tablib.Dataset(
        headers=[
            _("Position"),
            _("Company"),
            _("Local name"),
            _("Country"),
            _("Counterpart"),
            _("Total (out of 100)"),
            _("Spread"),
            _("Large disagreement"),
            _("Failed thresholds"),
            _("Reviews done"),
            _("Reviews missing"),
            *(criterion.display_name for criterion in criteria),
            _("Decision"),
            _("Answer"),
        ]  # fmt: skip
    )
    dataset.title = _("Ranking")
    for entry in selectors.ranking(programme, counterpart=counterpart):
        row, company = entry.row, entry.application.company
        values = [
            row.position, company.legal_name, company.local_name, company.country.name,
            entry.counterpart.name if entry.counterpart else "", row.total, row.spread,
            _("yes") if row.disagreement else "", "; ".join(entry.failed_names),
            row.reviews_done, row.reviews_missing,
            *(row.means.get(criterion.pk) for criterion in criteria),
            entry.decision.get_outcome_display() if entry.decision else "", _answer(entry.decision),
        ]  # fmt: skip
        dataset.append([_cell(value) for value in values])
    body = dataset.export(kind)
    if kind == "csv":
        body = "\ufeff" + body  # so that spreadsheets read the CSV as UTF-8
    response = HttpResponse(body, content_type=EXPORT_TYPES[kind])
    stamp = timezone.localtime().strftime("%Y%m%d")
    response["Content-Disposition"] = (
        f'attachment; filename="{programme.slug}-ranking-{stamp}.{kind}"'
    )
    return response


# --- invitations and participants -------------------------------------------------------------


@login_required
def invitation_create(request, slug):
    programme = _managed_programme(request, slug)
    source = request.POST if request.method == "POST" else request.GET
    filters = InvitationFilterForm({"sector": source.get("sector", "")}, programme=programme)
    sector = filters.chosen_sector()
    form = InvitationForm(
        request.POST or None, programme=programme, sector=sector, initial={"sector": sector}
    )
    if request.method == "POST" and form.is_valid():
        try:
            decisions = companies_invite(
                programme,
                companies=list(form.cleaned_data["companies"]),
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except AssessmentError as exc:
            form.show_errors(exc)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s company invited and asked by e-mail to confirm.",
                    "%(count)s companies invited and asked by e-mail to confirm.",
                    len(decisions),
                )
                % {"count": len(decisions)},
            )
            return redirect("matching:participant.list", slug=programme.slug)
    labels = dict(Sector.choices)
    companies = [
        (company, [labels[value] for value in company.industries or [] if value in labels])
        for company in form.fields["companies"].queryset
    ]
    return render(
        request,
        "matching/staff/invitations.html",
        {
            "programme": programme,
            "filters": filters,
            "sector": sector,
            "form": form,
            "companies": companies,
            "checked": form.checked(),
        },
    )


@login_required
def participant_list(request, slug):
    programme = _managed_programme(request, slug)
    decisions = (
        selectors.decision_list(programme)
        .filter(outcome=Decision.Outcome.SELECT)
        .select_related("application__counterpart")
        .order_by("application__company__legal_name")
    )
    overseas, japanese = [], []
    for decision in decisions:
        (japanese if decision.application.company.country.code == "JP" else overseas).append(
            decision
        )
    return render(
        request,
        "matching/staff/participants.html",
        {
            "programme": programme,
            "assessment": selectors.assessment_for(programme),
            "groups": [
                (_("Overseas companies"), overseas, False),
                (_("Japanese companies"), japanese, True),
            ],
            "responses": Decision.Response.choices,
            "selected": selectors.selected_count(programme),
        },
    )


@login_required
@require_POST
def participant_respond(request, slug, pk):
    programme = _managed_programme(request, slug)
    application = get_object_or_404(
        Application.objects.filter(programme=programme).select_related("company"), pk=pk
    )
    form = ResponseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the company's answer: confirmed or declined."))
        return redirect("matching:participant.list", slug=programme.slug)
    try:
        decision = participation_respond(
            application,
            response=form.cleaned_data["response"],
            note=form.cleaned_data["note"],
            by=request.user,
        )
    except AssessmentError as exc:
        _refused(request, exc)
    else:
        messages.success(
            request,
            _("%(company)s: “%(answer)s” recorded.")
            % {"company": application.company, "answer": decision.get_response_display()},
        )
    return redirect("matching:participant.list", slug=programme.slug)

"""The adviser's side of the assessment round, and the company's answer to a selection.

review.list   an adviser's own assignments (staff: everyone's, grouped by adviser)
review.edit   one application beside its scoring form; staff may read it, only the assigned
              adviser scores it (another adviser's review is 404)
participation.respond
              a selected company confirms or declines through its private link (no account)

Who: staff and the programme's advisers; other invited roles 403; people who cannot see the
programme 404. Each view parses, calls one service or selector, and responds."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from companies.selectors import application_get_by_token
from companies.views.applications import SmeResult, answers_shown
from core.i18n import company_facing
from programmes.models import Programme
from programmes.selectors import programme_get_for_user

from .. import selectors
from ..exceptions import AssessmentError
from ..forms_reviews import ReviewForm, score_field_name
from ..models import Assignment, Criterion, Score
from ..rules import can_manage_assessment, can_review, can_score
from ..services.decisions import participation_respond
from ..services.reviews import review_save

C = Criterion.Source

# What an automatic criterion reads off the application, as said to the adviser.
FILLED_FROM = {
    C.SALES: gettext_lazy("annual sales"),
    C.GROWTH: gettext_lazy("sales growth"),
    C.YEARS: gettext_lazy("years in business"),
    C.EMPLOYEES: gettext_lazy("employees"),
    C.JAPANESE_PARTNERS: gettext_lazy("experience with Japanese partners"),
    C.EXPORTS: gettext_lazy("exports"),
}

STATES = {
    "not_started": gettext_lazy("Not started"),
    "in_progress": gettext_lazy("In progress"),
    "complete": gettext_lazy("Complete"),
}


# --- access -------------------------------------------------------------------------------


def _reviewing_programme(request, slug: str) -> Programme:
    """The programme if the user may see it (else 404) and review in it (else 403), in its own
    time zone."""
    programme = programme_get_for_user(request.user, slug)
    if not can_review(request.user, programme):
        raise PermissionDenied
    timezone.activate(programme.tzinfo)
    return programme


def _assignment(request, programme: Programme, pk) -> Assignment:
    """Staff: any review of the programme; an adviser: their own (another's is 404)."""
    assignment = selectors.assignment_get_for_user(request.user, pk)
    if assignment.programme_id != programme.pk:
        raise Http404("No such review.")
    return assignment


# --- the list -------------------------------------------------------------------------------


@dataclass
class ReviewRow:
    assignment: Assignment
    state: str
    total: Decimal | None

    @property
    def state_label(self) -> str:
        return str(STATES[self.state])


def _state(assignment: Assignment) -> str:
    if assignment.is_complete:
        return "complete"
    if assignment.scores.all() or assignment.recommendation or assignment.comment:
        return "in_progress"
    return "not_started"


@login_required
def review_list(request, slug):
    programme = _reviewing_programme(request, slug)
    staff = can_manage_assessment(request.user, programme)
    criteria = list(selectors.criterion_list(programme))
    assignments = (
        selectors.assignment_list_for_user(request.user, programme)
        .select_related("application__frozen_facts")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.all()))
    )
    if staff:
        assignments = assignments.order_by(
            "adviser__last_name",
            "adviser__first_name",
            "adviser__username",
            "application__company__legal_name",
        )
    rows = []
    for assignment in assignments:
        auto = selectors.auto_scores(assignment.application, criteria)
        total = selectors.running_total(assignment, criteria, auto)
        rows.append(ReviewRow(assignment, _state(assignment), total))
    return render(
        request,
        "matching/reviews/list.html",
        {
            "programme": programme,
            "assessment": selectors.assessment_for(programme),
            "rows": rows,
            "staff": staff,
            "done": sum(row.state == "complete" for row in rows),
        },
    )


# --- one review -----------------------------------------------------------------------------


@dataclass
class CriterionRow:
    """A criterion as shown beside its input: filled from the application (read-only, with
    the fact behind the score, and when it was frozen at the round's lock) or scored by hand."""

    criterion: Criterion
    field: object  # the form's BoundField
    automatic: bool
    filled_from: str = ""
    fact: str = ""
    frozen_at: object = None


def _number(value, places: int | None = None) -> str:
    return formats.number_format(value, places, use_l10n=True, force_grouping=True)


def fact_text(fact: selectors.AutoFact, criterion: Criterion) -> str:
    """The figure or answer an automatic criterion reads, in words ("" when not given)."""
    value = fact.value
    if value is None:
        return ""
    source = criterion.source
    if source == C.SALES:
        currency = fact.to_currency or fact.currency
        text = f"{_number(value, 0)} {currency}"
        if fact.currency and fact.currency != currency:
            params = {"amount": text, "original": _number(fact.sales, 0), "currency": fact.currency}
            if fact.rate is None:
                return _("%(amount)s (converted from %(original)s %(currency)s)") % params
            params["rate"] = _number(fact.rate.normalize())
            params["date"] = fact.rate_date.isoformat()
            if fact.inverse:
                return (
                    _("%(amount)s (converted from %(original)s %(currency)s at 1 : %(rate)s on "
                      "%(date)s)") % params
                )  # fmt: skip
            return (
                _("%(amount)s (converted from %(original)s %(currency)s at %(rate)s on %(date)s)")
                % params
            )
        return text
    if source == C.YEARS:
        return _("%(years)s years (founded %(founded)s, programme starts %(start)s)") % {
            "years": value,
            "founded": fact.founded,
            "start": fact.start,
        }
    if source == C.GROWTH:
        return f"{_number(value, 1)} %"
    if source == C.EMPLOYEES:
        return _number(value)
    return _("Yes") if value else _("No")


def _criterion_rows(form: ReviewForm, criteria, facts: dict) -> list[CriterionRow]:
    rows = []
    for criterion in criteria:
        fact = facts.get(criterion.pk)
        row = CriterionRow(
            criterion=criterion,
            field=form[score_field_name(criterion)],
            automatic=fact is not None and fact.score is not None,
        )
        if fact is not None:
            row.filled_from = str(FILLED_FROM.get(criterion.source, criterion.get_source_display()))
            row.fact = fact_text(fact, criterion)
            row.frozen_at = fact.frozen_at
        rows.append(row)
    return rows


def _next_unscored(user, assignment: Assignment) -> Assignment | None:
    return (
        selectors.assignment_list_for_user(user, assignment.programme)
        .filter(adviser=user, completed_at__isnull=True)
        .exclude(pk=assignment.pk)
        .first()
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_edit(request, slug, pk):
    programme = _reviewing_programme(request, slug)
    assignment = _assignment(request, programme, pk)
    scorer = can_score(request.user, assignment)
    if request.method == "POST" and not scorer:
        raise PermissionDenied  # staff read; only the assigned adviser scores
    assessment = selectors.assessment_for(programme)
    application = assignment.application
    criteria = list(selectors.criterion_list(programme))
    facts = selectors.auto_facts(application, criteria)
    automatic = {pk: fact.score for pk, fact in facts.items() if fact.score is not None}
    form = ReviewForm(
        request.POST if request.method == "POST" else None,
        assignment=assignment,
        criteria=criteria,
        scores=selectors.assignment_scores(assignment),
        automatic=automatic,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                review_save(assignment, by=request.user, **form.service_fields())
            except AssessmentError as exc:
                form.show_errors(exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("matching:review.edit", slug=programme.slug, pk=assignment.pk)
        status = 400
    if not scorer or assessment.is_locked:
        form.freeze()
    application_form = getattr(programme, "application_form", None)
    return render(
        request,
        "matching/reviews/edit.html",
        {
            "programme": programme,
            "assessment": assessment,
            "assignment": assignment,
            "application": application,
            "company": application.company,
            "answers": answers_shown(application, application_form),
            "sme": SmeResult.from_application(application),
            "form": form,
            "rows": _criterion_rows(form, criteria, facts),
            "total": selectors.running_total(assignment, criteria, automatic),
            "scorer": scorer,
            "editable": scorer and not assessment.is_locked,
            "next_assignment": _next_unscored(request.user, assignment) if scorer else None,
        },
        status=status,
    )


# --- the company's answer -------------------------------------------------------------------


def _use_applicant_language(request, application) -> None:
    """As the private page does (companies.views.public): the applicant's language, unless this
    browser has picked one with the language switch."""
    if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES and application.language:
        translation.activate(application.language)
        request.LANGUAGE_CODE = application.language


@company_facing
@require_POST
def participation_respond_view(request, token):
    application = application_get_by_token(token)
    _use_applicant_language(request, application)
    response = request.POST.get("response", "")
    try:
        participation_respond(
            application,
            response=response,
            by=request.user if request.user.is_authenticated else None,
            note=request.POST.get("note", ""),
        )
    except AssessmentError as exc:
        messages.error(request, str(exc.message))
    else:
        if response == "confirmed":
            messages.success(request, _("Thank you: your participation is confirmed."))
        else:
            messages.success(request, _("Your answer is recorded: you have declined to take part."))
    return redirect("companies:apply.private", token=application.access_token)

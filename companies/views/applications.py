"""Applicant pages for staff and counterparts: the list with filters and export, one application
with its SME result and trail, status changes, staff corrections, and the form settings with the
programme's own questions. Each view parses, calls one service or selector, and responds.

Who sees what: staff every applicant of a programme; a counterpart the applicants it put forward
(companies.selectors scope the rows); other people of the programme nothing (403); people who
cannot see the programme 404."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.models import Organisation
from programmes.models import Programme, Role
from programmes.selectors import programme_get_for_user

from .. import selectors
from ..exceptions import CompanyError
from ..forms import (
    ApplicantForm,
    ApplicationFilterForm,
    ApplicationFormSettingsForm,
    QuestionForm,
    StatusForm,
)
from ..models import Application, ApplicationEvent, Company, Question, RuleSet, SizeClass
from ..resources import ApplicationResource
from ..rules import can_manage_applications, can_see_applicants
from ..services.applications import TRANSITIONS, application_transition, application_update
from ..services.companies import (
    application_form_get_or_create,
    application_form_update,
    question_create,
    question_delete,
    question_update,
)
from ..services.eligibility import Check, reason_text

PAGE_SIZE = 50
S = Application.Status


# --- the SME result as shown on every page ------------------------------------------------


@dataclass
class SmeResult:
    """What a reader is shown of an SME result: fresh from a check, or as stored."""

    eligible: bool | None
    size_class: str = ""
    rule_set: RuleSet | None = None
    reasons: list[str] = field(default_factory=list)
    rate: dict | None = None
    checked_at: datetime | None = None
    missing: str = ""  # why no check could be made yet (fields to fill in)

    @property
    def size_label(self) -> str:
        return str(SizeClass(self.size_class).label) if self.size_class else ""

    @property
    def rate_text(self) -> str:
        if not self.rate:
            return ""
        rate = Decimal(format(Decimal(str(self.rate["rate"])).normalize(), "f"))
        text = _("1 %(from)s = %(rate)s %(to)s on %(date)s") % {
            "from": self.rate["currency"],
            "rate": formats.number_format(rate, use_l10n=True, force_grouping=True),
            "to": self.rate["to_currency"],
            "date": self.rate["date"],
        }
        if self.rate.get("source"):
            text += f" ({self.rate['source']})"
        return text

    @classmethod
    def from_check(cls, check: Check) -> "SmeResult":
        rate = check.rate
        return cls(
            eligible=check.eligible,
            size_class=check.size_class or "",
            rule_set=check.rule_set,
            reasons=[reason_text(item) for item in check.reasons()],
            rate={
                "currency": rate.currency,
                "to_currency": rate.to_currency,
                "rate": str(rate.rate),
                "date": rate.date.isoformat() if isinstance(rate.date, date) else rate.date,
                "source": rate.source,
            }
            if rate
            else None,
        )

    @classmethod
    def from_application(cls, application: Application) -> "SmeResult":
        rule_set = (
            RuleSet.objects.filter(name=application.rule_set_name).first()
            if application.rule_set_name
            else None
        )
        return cls(
            eligible=application.eligible,
            size_class=application.size_class,
            rule_set=rule_set,
            reasons=[reason_text(item) for item in application.eligibility_reasons or []],
            rate=application.exchange_rate,
            checked_at=application.eligibility_checked_at,
        )


# --- the audit trail as read by people ----------------------------------------------------

FIELD_LABELS = {"answers": gettext_lazy("answers to the programme's questions")}


def _field_label(name: str) -> str:
    if name in FIELD_LABELS:
        return str(FIELD_LABELS[name])
    try:
        return str(Company._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # a field since removed is shown by its name
        return name


def _shown(value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def _status_label(value: str) -> str:
    return str(S(value).label) if value in S.values else value


@dataclass
class TrailEntry:
    at: datetime
    actor: str
    kind: str
    what: str
    lines: list[str]
    reason: str


def trail(events) -> list[TrailEntry]:
    """Each event as who, what changed (one line per field) and when."""
    entries = []
    for event in events:
        lines: list[str] = []
        what = event.get_kind_display()
        if event.kind == ApplicationEvent.Kind.STATUS or (
            event.kind == ApplicationEvent.Kind.CREATED and event.to_status
        ):
            if event.from_status:
                what = _("Status: %(from)s → %(to)s") % {
                    "from": _status_label(event.from_status),
                    "to": _status_label(event.to_status),
                }
            else:
                what = _("%(kind)s as %(to)s") % {
                    "kind": what,
                    "to": _status_label(event.to_status),
                }
        elif event.kind == ApplicationEvent.Kind.ELIGIBILITY:
            eligible = (event.changes or {}).get("eligible", [None, None])
            size = (event.changes or {}).get("size_class", ["", ""])
            lines.append(
                _("SME: %(before)s → %(after)s")
                % {
                    "before": _sme_word(eligible[0], size[0]),
                    "after": _sme_word(eligible[1], size[1]),
                }
            )
        else:
            for name, change in (event.changes or {}).items():
                if isinstance(change, list) and len(change) == 2:
                    lines.append(
                        _("%(field)s: %(old)s → %(new)s")
                        % {
                            "field": _field_label(name),
                            "old": _shown(change[0]),
                            "new": _shown(change[1]),
                        }
                    )
                else:
                    lines.append(f"{_field_label(name)}: {_shown(change)}")
        entries.append(TrailEntry(event.at, event.actor, event.kind, what, lines, event.reason))
    return entries


def _sme_word(eligible, size_class) -> str:
    if eligible is None:
        return _("cannot decide")
    word = _("SME") if eligible else _("not an SME")
    if size_class in SizeClass.values:
        word += f" ({SizeClass(size_class).label})"
    return word


# --- access -------------------------------------------------------------------------------


def _programme(request, slug: str) -> Programme:
    """The programme if the user may see it (else 404), in its own time zone."""
    programme = programme_get_for_user(request.user, slug)
    timezone.activate(programme.tzinfo)
    return programme


def _applicants_programme(request, slug: str) -> Programme:
    programme = _programme(request, slug)
    if not can_see_applicants(request.user, programme):
        raise PermissionDenied
    return programme


def _managed_programme(request, slug: str) -> Programme:
    programme = _programme(request, slug)
    if not can_manage_applications(request.user, programme):
        raise PermissionDenied
    return programme


def _application(request, programme: Programme, pk: int) -> Application:
    """One application of the programme if the user may see it (else 404)."""
    return get_object_or_404(selectors.application_list_for_user(request.user, programme), pk=pk)


def _counterparts(programme: Programme):
    return Organisation.objects.filter(
        programme_links__programme=programme, programme_links__role=Role.COUNTERPART
    ).order_by("name")


def _filtered(applications, filters: ApplicationFilterForm):
    rows = applications.filter(**filters.filters())
    search = filters.search()
    if search:
        rows = rows.filter(
            Q(company__legal_name__icontains=search)
            | Q(company__local_name__icontains=search)
            | Q(company__latin_name__icontains=search)
        )
    return rows


# --- the applicants list and its export -----------------------------------------------------


@login_required
def application_list(request, slug):
    programme = _applicants_programme(request, slug)
    staff = can_manage_applications(request.user, programme)
    applications = selectors.application_list_for_user(request.user, programme)
    filters = ApplicationFilterForm(
        request.GET or None, counterparts=_counterparts(programme) if staff else None
    )
    page = Paginator(_filtered(applications, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.application_counts(applications)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "companies/application/list.html",
        {
            "programme": programme,
            "page": page,
            "filters": filters,
            "counts": [(value, label, counts.get(value, 0)) for value, label in S.choices],
            "total": sum(counts.values()),
            "query": query.urlencode(),
            "can_manage": staff,
        },
    )


EXPORT_TYPES = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


@login_required
def application_export(request, slug):
    programme = _applicants_programme(request, slug)
    kind = request.GET.get("format", "csv")
    if kind not in EXPORT_TYPES:
        return HttpResponseBadRequest(_("Choose the format csv or xlsx."))
    staff = can_manage_applications(request.user, programme)
    applications = selectors.application_list_for_user(request.user, programme)
    filters = ApplicationFilterForm(
        request.GET, counterparts=_counterparts(programme) if staff else None
    )
    dataset = ApplicationResource(time_zone=programme.tzinfo).export(
        _filtered(applications, filters)
    )
    content_type, extension = EXPORT_TYPES[kind]
    body = dataset.export(kind)
    if kind == "csv":
        body = "\ufeff" + body  # so that spreadsheets read the CSV as UTF-8
    response = HttpResponse(body, content_type=content_type)
    stamp = timezone.localtime().strftime("%Y%m%d")
    response["Content-Disposition"] = (
        f'attachment; filename="{programme.slug}-applications-{stamp}.{extension}"'
    )
    return response


# --- one application ------------------------------------------------------------------------


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


# --- the form settings and the programme's questions ----------------------------------------


def _show_errors(form, exc: CompanyError) -> None:
    if not exc.errors:
        form.add_error(None, str(exc.message))
    for name, problems in exc.errors.items():
        for problem in problems:
            form.add_error(name if name in form.fields else None, str(problem))


@login_required
def form_edit(request, slug):
    programme = _managed_programme(request, slug)
    application_form = application_form_get_or_create(programme)
    form = ApplicationFormSettingsForm(
        request.POST or None, instance=application_form, programme=programme
    )
    if request.method == "POST" and form.is_valid():
        try:
            application_form_update(application_form, by=request.user, **form.service_fields())
        except CompanyError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, _("Application form saved."))
            return redirect("companies:form.edit", slug=programme.slug)
    public_link = request.build_absolute_uri(
        reverse("companies:apply.start", kwargs={"token": application_form.public_token})
    )
    return render(
        request,
        "companies/form/edit.html",
        {
            "programme": programme,
            "application_form": application_form,
            "form": form,
            "public_link": public_link,
            "questions": application_form.questions.all(),
        },
    )


def _question(programme: Programme, pk: int) -> Question:
    return get_object_or_404(Question, form__programme=programme, pk=pk)


@login_required
def question_edit(request, slug, pk=None):
    programme = _managed_programme(request, slug)
    question = _question(programme, pk) if pk else None
    form = QuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        try:
            if question is None:
                question_create(
                    application_form_get_or_create(programme),
                    by=request.user,
                    **form.service_fields(),
                )
            else:
                question_update(question, by=request.user, **form.service_fields())
        except CompanyError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, _("Question saved."))
            return redirect("companies:form.edit", slug=programme.slug)
    return render(
        request,
        "companies/form/question.html",
        {"programme": programme, "question": question, "form": form},
    )


@login_required
@require_POST
def question_delete_view(request, slug, pk):
    programme = _managed_programme(request, slug)
    question = _question(programme, pk)
    question_delete(question, by=request.user)
    messages.success(request, _("Question “%(title)s” deleted.") % {"title": question.title})
    return redirect("companies:form.edit", slug=programme.slug)

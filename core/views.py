import datetime as dt
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe
from django.views.i18n import set_language as django_set_language

from . import selectors, services
from .audit import audit_download
from .exceptions import ApplicationError
from .files import private_file_response
from .forms import AuditFilterForm, OrganisationForm
from .health import health_report
from .i18n import languages_for_user
from .navigation import home_url
from .spreadsheets import escape_formula


@never_cache
def healthz(request):
    """The states for anyone; the details (errors, worker host) for agency staff only."""
    report, healthy = health_report(details=getattr(request.user, "is_agency_staff", False))
    return JsonResponse(report, status=200 if healthy else 503)


@require_POST
def set_language(request):
    response = django_set_language(request)
    language = request.POST.get("language")
    # Staff keep English, Japanese or Russian as their preference (Vietnamese and Thai are
    # for the company-facing pages); a company user may keep any of the project's languages.
    if request.user.is_authenticated and language in languages_for_user(request.user):
        services.user_set_language(request.user, language=language)
    return response


def home(request):
    """To the sign-in page, or where the user's role works (core/navigation.py)."""
    return redirect(home_url(request.user))


@login_required
def job_list(request):
    jobs = selectors.job_list_for_user(request.user)[:100]
    return render(request, "core/job/list.html", {"jobs": jobs})


@login_required
def job_detail(request, pk: int):
    job = selectors.job_list_for_user(request.user).filter(pk=pk).first()
    if job is None:
        raise Http404
    template = (
        "core/job/_progress.html" if request.headers.get("HX-Request") else "core/job/detail.html"
    )
    return render(request, template, {"job": job})


def _require_agency(request):
    if not request.user.is_agency_staff:
        raise PermissionDenied


@login_required
def organisation_list(request):
    _require_agency(request)
    organisations = selectors.organisation_list_for_user(request.user)
    return render(request, "core/organisation/list.html", {"organisations": organisations})


@login_required
def organisation_edit(request, slug: str | None = None):
    _require_agency(request)
    organisation = (
        get_object_or_404(selectors.organisation_list_for_user(request.user), slug=slug)
        if slug
        else None
    )
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.organisation_save(form.instance, by=request.user)
        except ApplicationError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("Organisation “%(name)s” saved.") % {"name": saved.name})
            return redirect("core:organisation.list")
    return render(
        request, "core/organisation/form.html", {"form": form, "organisation": organisation}
    )


@login_required
@require_safe
def job_download(request, pk: int):
    """The job's result, for whoever started the job and agency staff (others 404)."""
    job = selectors.job_list_for_user(request.user).filter(pk=pk).first()
    if job is None or not job.result_file:
        raise Http404
    response = private_file_response(job.result_file, filename=job.download_name)
    audit_download(request, filename=job.download_name, obj=job, kind=job.kind)
    return response


@login_required
@never_cache
def token_list(request):
    """The user's own API tokens; POST creates one, shown on this answer only."""
    created = None
    errors = {}
    if request.method == "POST":
        try:
            token, raw = services.api_token_create(
                request.user, name=request.POST.get("name", ""), by=request.user
            )
        except ApplicationError as error:
            errors = error.errors
        else:
            created = {"token": token, "secret": raw}
    tokens = selectors.api_token_list_for_user(request.user)
    return render(
        request,
        "core/token/list.html",
        {"tokens": tokens, "created": created, "errors": errors, "name": request.POST.get("name")},
        status=400 if errors else 200,
    )


@login_required
@require_safe
def token_list_all(request):
    """Every user's API tokens, for agency staff."""
    _require_agency(request)
    tokens = selectors.api_token_list_for_user(request.user, every_user=True)[:500]
    return render(request, "core/token/list_all.html", {"tokens": tokens})


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(
        selectors.api_token_list_for_user(request.user, every_user=True), pk=pk
    )
    services.api_token_revoke(token, by=request.user)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    if token.user_id != request.user.pk:
        return redirect("core:token.list_all")
    return redirect("core:token.list")


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out sign-in: when to try again, and who can unlock."""
    from axes.helpers import get_cool_off, get_failure_limit

    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else None
    if request.path.startswith("/api/"):
        # The API's one error shape (core/api.py), for the token exchange.
        message = _("Too many failed sign-ins: try again in %(minutes)s minutes.") % {
            "minutes": minutes or 0
        }
        response = JsonResponse({"detail": message, "code": "locked_out", "errors": {}}, status=429)
    else:
        response = render(
            request,
            "registration/locked_out.html",
            {"failure_limit": get_failure_limit(request, credentials), "cooloff_minutes": minutes},
            status=429,
        )
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response


AUDIT_PAGE_SIZE = 50
AUDIT_EXPORT_LIMIT = 50_000
AUDIT_EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _audit_filtered(request):
    form = AuditFilterForm(request.GET or None)
    return form, selectors.audit_event_list(**form.filters())


@login_required
@require_safe
def audit_list(request):
    """The audit log for agency staff: filters, newest first, a page at a time."""
    _require_agency(request)
    form, events = _audit_filtered(request)
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "core/audit/list.html", {"form": form, "page": page})


@login_required
@require_safe
def audit_export(request):
    """The filtered audit log as CSV or XLSX (every text cell escaped against formulas). The
    export is itself recorded."""
    _require_agency(request)
    kind = request.GET.get("format", "csv")
    if kind not in AUDIT_EXPORT_TYPES:
        return HttpResponseBadRequest(_("Choose the format csv or xlsx."))
    form, events = _audit_filtered(request)
    dataset = audit_dataset(events[:AUDIT_EXPORT_LIMIT])
    body = dataset.export(kind)
    if kind == "csv":
        body = "\ufeff" + body  # so that spreadsheets read the CSV as UTF-8
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    filename = f"audit-log-{stamp}.{kind}"
    response = HttpResponse(body, content_type=AUDIT_EXPORT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    filters = {name: str(value) for name, value in form.filters().items()}
    audit_download(request, filename=filename, format=kind, rows=len(dataset), filters=filters)
    return response


def audit_dataset(events):
    import tablib

    dataset = tablib.Dataset(
        headers=[
            _("When (UTC)"),
            _("User"),
            _("Action"),
            _("Object type"),
            _("Object id"),
            _("Object"),
            _("Programme"),
            _("Address"),
            _("Method"),
            _("Address requested"),
            _("Browser"),
            _("Detail"),
        ]  # fmt: skip
    )
    dataset.title = _("Audit log")
    for event in events:
        values = [
            event.at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S"),
            event.username, event.get_action_display(),
            _type(event), event.object_id,
            event.object_repr, event.programme, event.ip_address or "", event.method,
            event.path, event.user_agent,
            json.dumps(event.detail, ensure_ascii=False, sort_keys=True) if event.detail else "",
        ]  # fmt: skip
        dataset.append([escape_formula(str(value)) for value in values])
    return dataset


def _type(event) -> str:
    kind = event.content_type
    return f"{kind.app_label}.{kind.model}" if kind else ""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe
from django.views.i18n import set_language as django_set_language

from . import selectors, services
from .exceptions import ApplicationError
from .files import private_file_response
from .forms import OrganisationForm
from .health import health_report
from .i18n import languages_for_user
from .navigation import home_url


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
    return private_file_response(job.result_file, filename=job.download_name)


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

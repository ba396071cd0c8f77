"""What the registry's pages share: the staff check, htmx, the page to go back to, the figures
of an eligibility check as the templates show them."""

from django.core.exceptions import PermissionDenied
from django.utils.http import url_has_allowed_host_and_scheme

from companies.forms_registry import (
    rate_sentence,
)
from companies.models import SizeClass
from companies.rules import can_manage_applications

PAGE_SIZE = 50


def _require_staff(request) -> None:
    if not can_manage_applications(request.user):
        raise PermissionDenied


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _next_url(request, default: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def check_view(check) -> dict:
    """What a page shows of an SME check (companies.services.eligibility.Check), in the shape
    of the shared result panel (templates/companies/apply/_sme_result.html)."""
    result = check.to_json()
    return {
        "eligible": result["eligible"],
        "size_label": SizeClass(result["size_class"]).label if result["size_class"] else "",
        "rule_set": check.rule_set,
        "reasons": result["reasons"],
        "rate_text": rate_sentence(check.rate) if check.rate else "",
        "on": check.on,
    }

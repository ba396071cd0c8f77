"""Reads of companies and applications, already scoped to what the user may see.

Agency staff see everything. A counterpart organisation sees the applicants it put forward and
nothing of other counterparts'. A company's members see their own company and applications.
Everyone else sees none (advisers get assigned applications in the assessment round)."""

import re
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from core.models import User
from programmes.models import Programme, Role
from programmes.selectors import programme_ids_with_role

from .models import Application, ApplicationForm, Company, ExchangeRate, ImportBatch, RuleSet


def application_list_for_user(user: User, programme: Programme | None = None) -> QuerySet:
    """The applications `user` may see (the policy is companies/querysets.py), optionally of one
    programme."""
    applications = Application.objects.visible_to(user).select_related(
        "company", "counterpart", "programme"
    )
    if programme is not None:
        applications = applications.filter(programme=programme)
    return applications


def application_get_for_user(user: User, pk) -> Application:
    try:
        return application_list_for_user(user).get(pk=pk)
    except (Application.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such application.") from exc


# A link's token is secrets.token_urlsafe's alphabet, at most its column's 64 characters.
# Anything else names no row and is refused before the query: PostgreSQL refuses a query
# with a NUL character in it (a 500 instead of "not found").
TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def _token_or_404(token: str, message: str) -> None:
    if not TOKEN.fullmatch(token or ""):
        raise Http404(message)


def application_get_by_token(token: str) -> Application:
    _token_or_404(token, "No such application.")
    try:
        return (
            Application.objects.unscoped("the private link's secret token is the permission")
            .select_related("company", "programme", "programme__application_form")
            .get(access_token=token)
        )
    except Application.DoesNotExist as exc:
        raise Http404("No such application.") from exc


def application_form_get_public(token: str) -> ApplicationForm:
    _token_or_404(token, "No such application form.")
    try:
        return ApplicationForm.objects.select_related("programme", "rule_set").get(
            public_token=token
        )
    except ApplicationForm.DoesNotExist as exc:
        raise Http404("No such application form.") from exc


def application_counts(applications: QuerySet) -> dict[str, int]:
    rows = applications.order_by().values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


def company_list_for_user(user: User) -> QuerySet[Company]:
    companies = Company.objects.filter(merged_into__isnull=True)
    if not user.is_authenticated:
        return companies.none()
    if user.is_agency_staff:
        return companies
    if user.organisation_id is None:
        return companies.none()
    return companies.filter(
        Q(organisation_id=user.organisation_id)
        | Q(
            applications__counterpart_id=user.organisation_id,
            applications__programme__in=programme_ids_with_role(user, Role.COUNTERPART),
        )
    ).distinct()


def company_get_for_user(user: User, pk) -> Company:
    try:
        return company_list_for_user(user).get(pk=pk)
    except (Company.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such company.") from exc


def company_duplicate_groups() -> list[list[Company]]:
    """Companies that look like the same one: same registration number in the same country, or
    the same normalised name in the same country. Staff merge them; nothing merges by itself.
    Two queries, whatever the number of groups."""
    keys: dict[tuple, set[int]] = {}
    rows = Company.objects.filter(merged_into__isnull=True).values_list(
        "id", "country", "registration_number", "normalised_name"
    )
    for pk, country, number, name in rows:
        if number.strip():
            keys.setdefault(("number", country, number.strip()), set()).add(pk)
        if name:
            keys.setdefault(("name", country, name), set()).add(pk)
    # A company in two overlapping groups (same number and same name) joins them into one.
    merged: list[set[int]] = []
    for ids in (ids for ids in keys.values() if len(ids) > 1):
        overlapping = [group for group in merged if group & ids]
        for group in overlapping:
            ids = ids | group
            merged.remove(group)
        merged.append(set(ids))
    companies = Company.objects.in_bulk({pk for ids in merged for pk in ids})
    groups = [
        sorted((companies[pk] for pk in ids), key=lambda c: (c.created_at, c.pk)) for ids in merged
    ]
    return sorted(groups, key=lambda group: group[0].legal_name.casefold())


def import_batch_list_for_user(user: User, programme: Programme) -> QuerySet[ImportBatch]:
    """The uploads of `programme` that `user` may see (the policy is companies/querysets.py)."""
    return (
        ImportBatch.objects.visible_to(user)
        .filter(programme=programme)
        .select_related("organisation", "uploaded_by", "job")
    )


def import_batch_get_for_user(user: User, programme: Programme, pk) -> ImportBatch:
    try:
        return import_batch_list_for_user(user, programme).get(pk=pk)
    except (ImportBatch.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such upload.") from exc


def rule_set_list() -> QuerySet[RuleSet]:
    return RuleSet.objects.all()


def exchange_rate_list() -> QuerySet[ExchangeRate]:
    return ExchangeRate.objects.all()


def exchange_rate_on(currency: str, to_currency: str, on: date) -> ExchangeRate | None:
    """The latest staff-entered rate dated on or before `on`."""
    return (
        ExchangeRate.objects.filter(currency=currency, to_currency=to_currency, date__lte=on)
        .order_by("-date")
        .first()
    )

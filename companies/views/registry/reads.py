"""Reads for the registry's pages and its API (candidates for companies/selectors.py)."""

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from companies import selectors
from companies.imports.values import normalise_name
from companies.models import Company
from core.models import User


def companies_with_duplicate_flags(companies: QuerySet) -> QuerySet:
    """`companies` with `same_number` / `same_name`: whether another live company of the same
    country has the same registration number / normalised name (the rule of
    selectors.company_duplicate_groups, in one query for the whole page)."""
    others = Company.objects.filter(merged_into__isnull=True, country=OuterRef("country")).exclude(
        pk=OuterRef("pk")
    )
    return companies.annotate(
        same_number=Exists(
            others.filter(registration_number=OuterRef("registration_number")).exclude(
                registration_number=""
            )
        ),
        same_name=Exists(
            others.filter(normalised_name=OuterRef("normalised_name")).exclude(normalised_name="")
        ),
    )


def companies_with_application_counts(companies: QuerySet, user: User) -> QuerySet:
    """`companies` with `application_count`: the applications of each that `user` may see."""
    visible = (
        selectors.application_list_for_user(user)
        .filter(company=OuterRef("pk"))
        .order_by()
        .values("company")
        .annotate(n=Count("id"))
        .values("n")
    )
    return companies.annotate(
        application_count=Coalesce(Subquery(visible, output_field=IntegerField()), 0)
    )


def company_search(companies: QuerySet, *, q="", country="", sector="") -> QuerySet:
    q = (q or "").strip()
    if q:
        companies = companies.filter(
            Q(legal_name__icontains=q)
            | Q(local_name__icontains=q)
            | Q(latin_name__icontains=q)
            | Q(normalised_name__icontains=normalise_name(q))
            | Q(registration_number__icontains=q)
        )
    if country:
        companies = companies.filter(country=country.upper())
    if sector:
        companies = companies.filter(sector=sector)
    return companies


def possible_duplicates_of(company: Company) -> QuerySet:
    same = Q()
    if company.registration_number:
        same |= Q(registration_number=company.registration_number)
    if company.normalised_name:
        same |= Q(normalised_name=company.normalised_name)
    if not same:
        return Company.objects.none()
    return (
        Company.objects.filter(same, merged_into__isnull=True, country=company.country)
        .exclude(pk=company.pk)
        .order_by("created_at", "pk")
    )

"""Matching rows to the counterpart's existing applicants (by registration number, then by name)
and the differences between a row and the applicant's company."""

from companies.imports.values import normalise_name, registration_key
from companies.models import Application, Company
from core.models import Organisation
from programmes.models import Programme

from .fields import ROW_FIELDS, _comparable, _json, _model_value


def _existing_applicants(programme: Programme, organisation: Organisation) -> dict:
    """This counterpart's applications to this programme (with their companies), keyed the way
    rows are matched: by registration number, and by normalised name, within a country."""
    by_number, by_name = {}, {}
    applications = (
        Application.objects.unscoped("the uploading counterpart's own applicants")
        .filter(programme=programme, counterpart=organisation)
        .select_related("company")
    )
    for application in applications:
        company = application.company
        country = str(company.country)
        if company.registration_number:
            by_number[(country, registration_key(company.registration_number))] = application
        by_name[(country, company.normalised_name)] = application
    return {"number": by_number, "name": by_name}


def _match(existing: dict, data: dict) -> Application | None:
    country = str(data.get("country") or "")
    number = str(data.get("registration_number") or "")
    if number:
        found = existing["number"].get((country, registration_key(number)))
        if found is not None:
            return found
    if not existing["name"]:
        return None  # a first upload: no need to normalise every name
    return existing["name"].get((country, normalise_name(str(data.get("legal_name") or ""))))


def _changes(company: Company, data: dict) -> dict:
    changes = {}
    for key in ROW_FIELDS:
        if key not in data:
            continue
        new = _comparable(key, data[key])
        old = _model_value(company, key)
        if old in ("", None, []) and new in ("", None, []):
            continue
        if old != new:
            changes[key] = [_json(old), _json(new)]
    return changes

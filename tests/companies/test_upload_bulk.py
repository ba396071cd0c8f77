"""The fast paths of a large import: the collector paused only while an upload runs, and the
bulk INSERT storing the same values as the ORM (empty JSON values, lists of countries)."""

import gc

import pytest
from django.db import connection

from companies.exceptions import UploadError
from companies.models import Application, Company, ImportRow
from companies.services import imports
from companies.services.imports.bulk import _bulk_insert, _new_company, _new_row
from companies.services.imports.collector import collector_paused
from programmes.models import Role
from tests import factories
from tests.companies.upload_files import csv_bytes, vn_row


@pytest.fixture
def counterpart(db, programme):
    org = factories.OrganisationFactory(name="VCCI Ho Chi Minh City", country="VN")
    factories.ProgrammeOrganisationFactory(
        programme=programme, organisation=org, role=Role.COUNTERPART
    )
    return factories.UserFactory(username="vcci", organisation=org)


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_the_collector_is_off_during_an_upload_and_on_again_after_it(
    programme, counterpart, collector_on
):
    seen = []

    def record(execute, sql, params, many, context):
        seen.append(gc.isenabled())
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        batch = imports.import_upload(
            programme,
            organisation=counterpart.organisation,
            by=counterpart,
            filename="applicants.csv",
            data=csv_bytes([vn_row(1), vn_row(2)]),
            background=False,
        )
        imports.import_confirm(batch, by=counterpart, background=False)

    assert seen and not any(seen)  # every query of both halves ran with the collector paused
    assert gc.isenabled()
    assert Application.objects.filter(programme=programme).count() == 2


def test_the_collector_comes_back_after_a_refused_import(programme, counterpart, collector_on):
    batch = imports.import_upload(
        programme,
        organisation=counterpart.organisation,
        by=counterpart,
        filename="applicants.csv",
        data=csv_bytes([vn_row(1), vn_row(2, capital="lots")]),
        background=False,
    )
    with pytest.raises(UploadError) as refused:
        imports.import_confirm(batch, by=counterpart, background=False)
    assert refused.value.code == "rows_invalid"
    assert gc.isenabled()


def test_collector_pauses_nest_and_the_outermost_one_switches_it_back_on(collector_on):
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_switched_off_elsewhere_stays_off(collector_on):
    gc.disable()
    with collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_the_collector_comes_back_when_the_paused_code_raises(collector_on):
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("boom")
    assert gc.isenabled()


def test_bulk_insert_stores_empty_and_filled_json_values_as_the_orm_does(programme, counterpart):
    batch = imports.import_upload(
        programme,
        organisation=counterpart.organisation,
        by=counterpart,
        filename="applicants.csv",
        data=csv_bytes([vn_row(1)]),
        background=False,
    )
    rows = [
        _new_row(batch=batch, number=10, action="error", data={}, errors=[], changes={}),
        _new_row(
            batch=batch,
            number=11,
            action="update",
            data={"legal_name": "A"},
            errors=[{"column": "capital", "message": "x"}],
            changes={"capital": ["1", "2"]},
        ),
    ]
    _bulk_insert(ImportRow, rows)

    stored = {
        number: (data, errors, changes)
        for number, data, errors, changes in ImportRow.objects.filter(
            batch=batch, number__in=[10, 11]
        ).values_list("number", "data", "errors", "changes")
    }
    assert stored == {
        10: ({}, [], {}),
        11: ({"legal_name": "A"}, [{"column": "capital", "message": "x"}], {"capital": ["1", "2"]}),
    }


def test_bulk_insert_stores_lists_of_countries_as_the_orm_does(db):
    values = {"sector": "manufacturing", "legal_form": "company", "country": "VN"}
    companies = [
        _new_company(legal_name="A", hiring_countries=["LA", "KH"], **values),
        _new_company(legal_name="B", hiring_countries=["LA", "KH"], **values),
        _new_company(legal_name="C", hiring_countries=[], **values),
        _new_company(legal_name="D", hiring_countries=["TH"], **values),
    ]
    _bulk_insert(Company, companies)
    orm = Company.objects.create(legal_name="E", hiring_countries=["LA", "KH"], **values)

    stored = {
        c.legal_name: [str(code) for code in c.hiring_countries]
        for c in Company.objects.order_by("legal_name")
    }
    assert stored == {"A": ["KH", "LA"], "B": ["KH", "LA"], "C": [], "D": ["TH"], "E": ["KH", "LA"]}
    assert [str(c) for c in Company.objects.get(pk=orm.pk).hiring_countries] == ["KH", "LA"]

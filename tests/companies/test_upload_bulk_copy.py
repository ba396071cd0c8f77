"""PostgreSQL only: the bulk insert of an upload writes its rows with COPY (ids taken from the
table's sequence beforehand) and stores exactly what Model.objects.bulk_create stores: every
column compared as the database holds it (to_jsonb of the row). Skipped on SQLite, where the
bulk insert is a multi-row INSERT (tests/companies/test_upload_bulk.py covers it there)."""

import datetime as dt
import json
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils.safestring import mark_safe

from companies.models import Application, ApplicationEvent, Company, ImportRow, SmeSector
from companies.services.imports.bulk import (
    _bulk_insert,
    _new_application,
    _new_company,
    _new_event,
    _new_row,
)
from tests import factories

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="COPY is used on PostgreSQL only"
)

# Text that COPY's text format must escape, or could take for one of its markers.
AWKWARD = [
    "tab\there",
    "two\nlines",
    "carriage\rreturn",
    "back\\slash",
    "\\N",
    "\\.",
    "",
    "Công ty TNHH «Ромашка» บริษัท 🏭",
    '"quoted", comma; semi',
    "trailing space ",
]


def _stored(model, ids) -> list[dict]:
    """The rows as the database holds them, in id order, without the id and the auto_now
    columns (the two inserts run at different times; those are compared separately)."""
    table = connection.ops.quote_name(model._meta.db_table)
    auto = {
        f.column
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    }
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT to_jsonb(t) FROM {table} t WHERE t.id = ANY(%s) ORDER BY t.id",  # noqa: S608
            [list(ids)],
        )
        rows = [json.loads(row) for (row,) in cursor.fetchall()]
    return [{k: v for k, v in row.items() if k != "id" and k not in auto} for row in rows]


def _insert_and_read(model, objs, insert) -> tuple[list[str], list[dict]]:
    """Insert objs in a savepoint that is rolled back afterwards (so that the same unique
    values can be inserted again); the SQL run and the stored rows."""
    sql = []

    def record(execute, statement, params, many, context):
        sql.append(statement)
        return execute(statement, params, many, context)

    sid = transaction.savepoint()
    with connection.execute_wrapper(record):
        insert(model, objs)
    ids = [obj.pk for obj in objs]
    assert None not in ids
    assert ids == sorted(ids) and len(set(ids)) == len(ids)  # in order, as bulk_create gives them
    rows = _stored(model, ids)
    assert len(rows) == len(objs)
    # auto_now(_add): the objects hold what was stored.
    for f in model._meta.concrete_fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            stored = dict(model.objects.filter(pk__in=ids).values_list("pk", f.attname))
            assert stored == {obj.pk: getattr(obj, f.attname) for obj in objs}
    transaction.savepoint_rollback(sid)
    return sql, rows


def _orm(model, objs):
    model.objects.bulk_create(objs)


def _assert_same_as_bulk_create(model, builder, values: list[dict]) -> list[dict]:
    fast_sql, fast = _insert_and_read(model, [builder(**v) for v in values], _bulk_insert)
    _, orm = _insert_and_read(model, [model(**v) for v in values], _orm)
    assert not [s for s in fast_sql if s.lstrip().upper().startswith("INSERT")]
    assert [s for s in fast_sql if "nextval" in s]  # the ids came from the sequence
    assert fast == orm
    return fast


def _company_values(n: int) -> dict:
    text = AWKWARD[n % len(AWKWARD)]
    return {
        "legal_name": f"Company {n} {text}",
        "local_name": text,
        "latin_name": text[::-1],
        "normalised_name": f"company {n}",
        "registration_number": f"03100{n:05d}",
        "country": ["VN", "TH", "RU", "LA"][n % 4],
        "sector": "manufacturing",
        "legal_form": "company",
        "industries": [[], ["metal", text], [{"code": "C25", "label": text}]][n % 3],
        "currency": ["VND", "THB", ""][n % 3],
        "capital": [None, Decimal("15000000000.00"), Decimal("-0.5"), Decimal("1E+3")][n % 4],
        "sales": [Decimal("40000000000"), None, Decimal("0.01")][n % 3],
        "balance_sheet": None if n % 2 else Decimal("123456789012345678.99"),
        "figures_date": [None, dt.date(2025, 12, 31), dt.date(1999, 1, 1)][n % 3],
        "employees": [None, 0, 250, 2147483647][n % 4],
        "year_founded": [None, 1990, 2026][n % 3],
        "growth_rate": [None, Decimal("12.50"), Decimal("-3.25"), Decimal("0")][n % 4],
        "exports": [None, True, False][n % 3],
        "imports": [True, False, None][n % 3],
        "overseas_trade": text,
        "japanese_partner_experience": [False, None, True][n % 3],
        "japanese_support_programmes": "",
        "hiring_countries": [[], ["LA", "KH"], ["TH"], ["KH", "LA", "VN"]][n % 4],
        "business_profile": f"line one\nline two\t{text}",
        "contact_name": "Nguyễn Văn An",
        "contact_email": f"an{n}@example.com",
        "contact_phone": "+84 28 1234 5678",
        "website": "" if n % 2 else "https://example.com/a?b=c&d=\\e",
    }


@postgresql_only
def test_companies_copied_are_stored_as_bulk_create_stores_them(db):
    rows = _assert_same_as_bulk_create(
        Company, _new_company, [_company_values(n) for n in range(24)]
    )
    assert rows[0]["legal_name"] == "Company 0 tab\there"
    assert rows[1]["capital"] == 15000000000.00 and rows[3]["capital"] == 1000


@postgresql_only
def test_applications_copied_are_stored_as_bulk_create_stores_them(db, programme):
    organisation = factories.OrganisationFactory()
    companies = [factories.CompanyFactory() for _ in range(12)]
    bangkok = ZoneInfo("Asia/Bangkok")
    values = [
        {
            "programme": programme,
            "company": company,
            "counterpart": organisation if n % 2 else None,
            "source": Application.Source.UPLOAD,
            "status": [Application.Status.ELIGIBLE, Application.Status.SUBMITTED][n % 2],
            "email": f"a{n}@example.com",
            "language": ["en", "vi", "ru"][n % 3],
            "access_token": f"token-{n}-\\x",
            "answers": [{}, {"q1": AWKWARD[n % len(AWKWARD)], "n": 1.5, "b": True, "z": None}][
                n % 2
            ],
            "eligible": [None, True, False][n % 3],
            "size_class": ["", "small", "medium"][n % 3],
            "rule_set_name": "Viet Nam SME (Decree 80/2021)",
            "eligibility_reasons": [
                [],
                [{"code": "capital", "params": {"limit": "100000000000", "note": "a\nb"}}],
            ][n % 2],
            "exchange_rate": [None, {"USD": "25000.50", "date": "2026-01-02"}][n % 2],
            "eligibility_checked_at": [
                None,
                dt.datetime(2026, 12, 7, 5, 57, 26, 207709, tzinfo=dt.UTC),
            ][n % 2],
            # The same instant in two zones, and a time of a day that changes its clocks.
            "submitted_at": [
                dt.datetime(2026, 1, 2, 23, 30, 0, 1, tzinfo=bangkok),
                dt.datetime(2026, 1, 2, 16, 30, 0, 1, tzinfo=dt.UTC),
                dt.datetime(2026, 10, 25, 1, 30, tzinfo=ZoneInfo("Europe/London"), fold=n % 2),
            ][n % 3],
        }
        for n, company in enumerate(companies)
    ]
    rows = _assert_same_as_bulk_create(Application, _new_application, values)
    assert rows[1]["exchange_rate"] == {"USD": "25000.50", "date": "2026-01-02"}
    assert rows[0]["exchange_rate"] is None  # SQL NULL, not JSON null, as the ORM stores None


@postgresql_only
def test_events_and_preview_rows_copied_are_stored_as_bulk_create_stores_them(db, programme):
    user = factories.UserFactory()
    applications = [factories.ApplicationFactory(programme=programme) for _ in range(4)]
    events = [
        {
            "application": application,
            "kind": ApplicationEvent.Kind.IMPORTED,
            "by": user if n % 2 else None,
            "actor": "VCCI\tHo Chi Minh City",
            "to_status": application.status,
            "changes": [{}, {"capital": ["1", "2\\3"]}][n % 2],
            "reason": f"Imported from applicants.xlsx, row {n}\n{AWKWARD[n]}",
            "at": dt.datetime(2026, 12, 7, 6, 0, tzinfo=dt.UTC),
        }
        for n, application in enumerate(applications)
    ]
    _assert_same_as_bulk_create(ApplicationEvent, _new_event, events)

    batch = factories.ImportBatchFactory(programme=programme)
    company = factories.CompanyFactory()
    preview = [
        {
            "batch": batch,
            "number": n + 2,
            "action": ["new", "update", "error", "same"][n % 4],
            "data": {"legal_name": AWKWARD[n % len(AWKWARD)], "capital": "1E+3", "n": n},
            "errors": [[], [{"column": "capital", "message": "«too\tlarge»"}]][n % 2],
            "changes": [{}, {"website": ["", "https://x.example/\\"]}][n % 2],
            "company": company if n % 3 == 0 else None,
        }
        for n in range(10)
    ]
    _assert_same_as_bulk_create(ImportRow, _new_row, preview)


class _Count(int):
    pass


@postgresql_only
def test_a_value_of_another_type_is_inserted_as_before(db):
    # An int subclass is not one of the types the COPY text is written for: such a call takes
    # the INSERT path, with the same result.
    values = {"sector": "manufacturing", "legal_form": "company", "country": "VN"}
    fast = [_new_company(legal_name="A\tB", employees=_Count(7), **values)]
    sql, rows = _insert_and_read(Company, fast, _bulk_insert)
    assert [s for s in sql if s.lstrip().upper().startswith("INSERT")]
    _, orm = _insert_and_read(
        Company, [Company(legal_name="A\tB", employees=_Count(7), **values)], _orm
    )
    assert rows == orm and rows[0]["employees"] == 7


@postgresql_only
def test_str_subclasses_are_copied_as_their_text(db):
    # TextChoices members (statuses, kinds) and SafeStrings: their characters, as psycopg2's.
    values = {"legal_form": "company", "country": "VN"}
    rows = _assert_same_as_bulk_create(
        Company,
        _new_company,
        [
            {"legal_name": mark_safe("Safe\tname"), "sector": "manufacturing", **values},  # noqa: S308
            {"legal_name": "B", "sector": SmeSector.CONSTRUCTION, **values},
        ],
    )
    assert rows[0]["legal_name"] == "Safe\tname" and rows[1]["sector"] == "construction"


@postgresql_only
def test_a_nul_character_is_refused_as_the_orm_refuses_it(db):
    values = {"sector": "manufacturing", "legal_form": "company", "country": "VN"}
    with pytest.raises(ValueError, match="NUL") as fast, transaction.atomic():
        _bulk_insert(Company, [_new_company(legal_name="a\x00b", **values)])
    with pytest.raises(ValueError, match="NUL") as orm, transaction.atomic():
        Company.objects.bulk_create([Company(legal_name="a\x00b", **values)])
    assert str(fast.value) == str(orm.value)
    assert not Company.objects.exists()


@postgresql_only
def test_a_refused_row_raises_the_integrity_error_the_orm_raises(db):
    values = {"sector": "manufacturing", "legal_form": "company", "country": "VN"}
    with pytest.raises(IntegrityError) as fast, transaction.atomic():
        _bulk_insert(Company, [_new_company(legal_name="A", employees=-5, **values)])
    with pytest.raises(IntegrityError) as orm, transaction.atomic():
        Company.objects.bulk_create([Company(legal_name="A", employees=-5, **values)])
    assert str(fast.value).splitlines()[0] == str(orm.value).splitlines()[0]
    assert "companies_company_employees_check" in str(fast.value).splitlines()[0]
    assert not Company.objects.exists()


def test_times_in_the_hour_the_clocks_go_back_are_stored_as_bulk_create_stores_them(db, programme):
    # 01:30 before and after the clocks go back compare equal in Python (same zone, fold
    # ignored) but are an hour apart: each is stored as the ORM stores it. Both databases.
    london = ZoneInfo("Europe/London")
    times = [dt.datetime(2026, 10, 25, 1, 30, tzinfo=london, fold=fold) for fold in (0, 1, 0)]
    companies = [factories.CompanyFactory() for _ in range(6)]
    fast = [
        _new_application(programme=programme, company=company, submitted_at=at)
        for company, at in zip(companies[:3], times, strict=True)
    ]
    orm = [
        Application(programme=programme, company=company, submitted_at=at)
        for company, at in zip(companies[3:], times, strict=True)
    ]
    _bulk_insert(Application, fast)
    Application.objects.bulk_create(orm)

    def stored(objs):
        found = dict(
            Application.objects.filter(pk__in=[o.pk for o in objs]).values_list(
                "pk", "submitted_at"
            )
        )
        return [found[o.pk] for o in objs]

    utc = [dt.datetime(2026, 10, 25, hour, 30, tzinfo=dt.UTC) for hour in (0, 1, 0)]
    assert stored(fast) == stored(orm) == utc

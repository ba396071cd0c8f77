"""Applicant pages for staff and counterparts (companies/views/applications.py): the list with
its filters and counts, one application with its SME result and trail, status changes and their
refusals, staff corrections, and counterpart isolation."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from companies.models import Application, ApplicationEvent
from programmes.models import Role
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def opora(role_users):
    """The counterpart invited in role_users (Opora Russia)."""
    return role_users["counterpart"].organisation


@pytest.fixture
def rec_user(programme):
    """A second counterpart invited to the same programme: the Russian Export Center."""
    org = factories.OrganisationFactory(name="Russian Export Center", country="RU")
    factories.ProgrammeOrganisationFactory(
        programme=programme, organisation=org, role=Role.COUNTERPART
    )
    return factories.UserFactory(username="rec", organisation=org)


def applicant(programme, name, *, counterpart=None, **fields) -> Application:
    company_fields = {
        key: fields.pop(key)
        for key in list(fields)
        if key in ("country", "local_name", "employees", "sales", "currency", "sector")
    }
    company = factories.CompanyFactory(legal_name=name, **company_fields)
    return factories.ApplicationFactory(
        programme=programme, company=company, counterpart=counterpart, **fields
    )


@pytest.fixture
def applicants(programme, opora, rec_user):
    return {
        "hanoi": applicant(
            programme,
            "Hanoi Mechanical JSC",
            counterpart=opora,
            local_name="Công ty Cơ khí Hà Nội",
            status="eligible",
            eligible=True,
            size_class="small",
        ),
        "sever": applicant(
            programme,
            "Sever Instruments LLC",
            counterpart=opora,
            country="RU",
            local_name="ООО «Север»",
            currency="RUB",
            sales=Decimal("500000000"),
            status="ineligible",
            eligible=False,
            size_class="large",
        ),
        "volga": applicant(
            programme,
            "Volga Foods",
            counterpart=rec_user.organisation,
            country="RU",
            status="submitted",
        ),
        "direct": applicant(
            programme, "Bangkok Moulds Co., Ltd.", country="TH", source="form", status="draft"
        ),
    }


def list_url(programme, **query) -> str:
    url = reverse("companies:application.list", args=[programme.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def detail_url(application) -> str:
    return reverse(
        "companies:application.detail", args=[application.programme.slug, application.pk]
    )


def shown(response) -> list[str]:
    return [a.company.legal_name for a in response.context["page"].object_list]


# --- the list -------------------------------------------------------------------------------


def test_staff_see_every_applicant_with_its_sme_result(client, role_users, programme, applicants):
    client.force_login(role_users["staff"])

    response = client.get(list_url(programme))

    assert shown(response) == [
        "Bangkok Moulds Co., Ltd.",
        "Hanoi Mechanical JSC",
        "Sever Instruments LLC",
        "Volga Foods",
    ]
    content = response.content.decode()
    assert '<span class="sme-badge sme-badge-yes">Eligible · Small</span>' in content
    assert '<span class="sme-badge sme-badge-no">Not eligible · Large</span>' in content
    assert '<span class="sme-badge sme-badge-unknown">Cannot decide</span>' in content
    assert '<div class="local-name small">ООО «Север»</div>' in content
    assert '500,000,000 <abbr class="currency">RUB</abbr>' in content
    assert '<abbr title="Russia">RU</abbr>' in content


def test_counterpart_sees_only_the_applicants_it_put_forward(
    client, role_users, programme, applicants
):
    client.force_login(role_users["counterpart"])

    response = client.get(list_url(programme))

    assert shown(response) == ["Hanoi Mechanical JSC", "Sever Instruments LLC"]
    assert response.context["total"] == 2
    assert "counterpart" not in response.context["filters"].fields


def test_second_counterpart_sees_none_of_the_first_counterparts_applicants(
    client, rec_user, programme, applicants
):
    client.force_login(rec_user)

    listed = client.get(list_url(programme))
    details = [client.get(detail_url(applicants[key])).status_code for key in ("hanoi", "sever")]
    withdraw = client.post(
        reverse("companies:application.transition", args=[programme.slug, applicants["hanoi"].pk]),
        {"status": "withdrawn"},
    )
    export = client.get(
        reverse("companies:application.export", args=[programme.slug]), {"format": "csv"}
    )

    assert shown(listed) == ["Volga Foods"]
    assert details == [404, 404]
    assert withdraw.status_code == 404
    applicants["hanoi"].refresh_from_db()
    assert applicants["hanoi"].status == "eligible"
    rows = export.content.decode("utf-8-sig").splitlines()
    assert len(rows) == 2
    assert "Volga Foods" in rows[1]
    assert "Hanoi" not in export.content.decode("utf-8-sig")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "ineligible"}, ["Sever Instruments LLC"]),
        ({"eligible": "yes"}, ["Hanoi Mechanical JSC"]),
        ({"eligible": "no"}, ["Sever Instruments LLC"]),
        ({"eligible": "unknown"}, ["Bangkok Moulds Co., Ltd.", "Volga Foods"]),
        ({"country": "ru"}, ["Sever Instruments LLC", "Volga Foods"]),
        ({"q": "Север"}, ["Sever Instruments LLC"]),
        ({"q": "moulds"}, ["Bangkok Moulds Co., Ltd."]),
        ({"status": "nonsense"}, None),  # an invalid filter is ignored
    ],
)
def test_list_filters(client, role_users, programme, applicants, query, expected):
    client.force_login(role_users["staff"])

    response = client.get(list_url(programme, **query))

    everyone = [
        "Bangkok Moulds Co., Ltd.",
        "Hanoi Mechanical JSC",
        "Sever Instruments LLC",
        "Volga Foods",
    ]
    assert shown(response) == (everyone if expected is None else expected)


def test_staff_filter_by_counterpart(client, role_users, programme, applicants, rec_user):
    client.force_login(role_users["staff"])

    response = client.get(list_url(programme, counterpart=rec_user.organisation_id))

    assert shown(response) == ["Volga Foods"]
    choices = [label for _value, label in response.context["filters"].fields["counterpart"].choices]
    assert choices == ["All", "Opora Russia", "Russian Export Center"]


def test_list_counts_applicants_per_status(client, role_users, programme, applicants):
    client.force_login(role_users["staff"])

    response = client.get(list_url(programme, status="draft"))

    counts = {value: count for value, _label, count in response.context["counts"]}
    assert {k: v for k, v in counts.items() if v} == {
        "draft": 1,
        "submitted": 1,
        "eligible": 1,
        "ineligible": 1,
    }
    assert response.context["total"] == 4
    assert 'class="app-status-draft" aria-current="true">Draft <span class="count">1</span>' in (
        response.content.decode()
    )


def test_list_shows_50_applicants_a_page(client, role_users, programme):
    for n in range(52):
        applicant(programme, f"Company {n:02d}")
    client.force_login(role_users["staff"])

    first = client.get(list_url(programme))
    second = client.get(list_url(programme, page=2))

    assert len(shown(first)) == 50
    assert shown(second) == ["Company 50", "Company 51"]
    assert "Page 2 of 2" in second.content.decode()


# --- one application ------------------------------------------------------------------------


def test_detail_shows_company_answers_sme_result_rate_and_trail_in_the_programmes_time(
    client, role_users, programme, applicants
):
    application = applicants["sever"]
    form = factories.ApplicationFormFactory(programme=programme)
    question = factories.QuestionFactory(
        form=form, kind="yes_no", title="Can you pay your own flight?"
    )
    application.answers = {str(question.pk): True}
    application.rule_set_name = "ru-programme-rule"
    application.eligibility_reasons = [
        {
            "template": "employees %(value)s > %(limit)s (%(group)s)",
            "params": {"value": 400, "limit": 250, "group": "all sectors"},
        }
    ]
    application.exchange_rate = {
        "currency": "USD",
        "to_currency": "RUB",
        "rate": "90.0000000000",
        "date": "2026-01-05",
        "source": "Bank of Russia",
    }
    application.save()
    factories.RuleSetFactory(
        name="ru-programme-rule",
        title="Programme rule for Russian applicants",
        citation="Programme terms, section 3 (after Federal Law No. 209-FZ, art. 4)",
    )
    factories.ApplicationEventFactory(
        application=application,
        kind=ApplicationEvent.Kind.STATUS,
        actor="Sato Hanako",
        from_status="submitted",
        to_status="ineligible",
        reason="Checked against the decree",
        at=datetime(2027, 1, 10, 1, 30, tzinfo=UTC),
    )
    client.force_login(role_users["staff"])

    content = client.get(detail_url(application)).content.decode()

    assert "Can you pay your own flight?</dt><dd>Yes</dd>" in content
    assert "<li>employees 400 &gt; 250 (all sectors)</li>" in content
    assert "<strong>Programme rule for Russian applicants</strong>" in content
    assert "Programme terms, section 3 (after Federal Law No. 209-FZ, art. 4)" in content
    assert "Exchange rate used: 1 USD = 90 RUB on 2026-01-05 (Bank of Russia)" in content
    # 01:30 UTC is 10:30 in Tokyo, the programme's time zone
    assert '<time datetime="2027-01-10T10:30:00+09:00">2027-01-10 10:30</time>' in content
    assert "Status: Submitted → Not eligible" in content
    assert "Reason: Checked against the decree" in content
    assert "Sato Hanako" in content
    # staff may move it on to the statuses allowed from "not eligible" only
    choices = [v for v, _label in content_status_choices(client, application)]
    assert choices == ["eligible", "withdrawn"]


def content_status_choices(client, application):
    response = client.get(detail_url(application))
    return list(response.context["status_form"].fields["status"].choices)


def test_counterpart_sees_its_applicant_without_the_status_form(client, role_users, applicants):
    client.force_login(role_users["counterpart"])

    response = client.get(detail_url(applicants["hanoi"]))

    assert response.status_code == 200
    assert response.context["status_form"] is None
    assert response.context["can_withdraw"] is True
    assert "Withdraw this application" in response.content.decode()


# --- status changes -------------------------------------------------------------------------


def transition(client, application, **data):
    return client.post(
        reverse(
            "companies:application.transition",
            args=[application.programme.slug, application.pk],
        ),
        data,
        follow=True,
    )


def test_staff_status_change_is_kept_in_the_trail_with_who_and_why(client, role_users, applicants):
    staff = role_users["staff"]
    client.force_login(staff)

    response = transition(
        client, applicants["hanoi"], status="shortlisted", reason="Strong export record"
    )

    applicants["hanoi"].refresh_from_db()
    assert applicants["hanoi"].status == "shortlisted"
    event = applicants["hanoi"].events.get()
    assert (event.kind, event.from_status, event.to_status, event.by, event.reason) == (
        "status",
        "eligible",
        "shortlisted",
        staff,
        "Strong export record",
    )
    assert event.actor == staff.display_name()
    content = response.content.decode()
    assert "Status is now “Shortlisted”." in content
    assert "Status: Eligible → Shortlisted" in content


def test_a_status_change_not_in_the_flow_is_refused_and_changes_nothing(
    client, role_users, applicants
):
    client.force_login(role_users["staff"])

    response = transition(client, applicants["volga"], status="selected")

    assert "An application that is Submitted cannot become Selected." in response.content.decode()
    applicants["volga"].refresh_from_db()
    assert applicants["volga"].status == "submitted"
    assert not applicants["volga"].events.exists()


def test_accepting_an_application_the_check_found_not_eligible_needs_a_reason(
    client, role_users, applicants
):
    client.force_login(role_users["staff"])

    refused = transition(client, applicants["sever"], status="eligible", reason="  ")
    accepted = transition(
        client, applicants["sever"], status="eligible", reason="Programme rule: exports count"
    )

    assert (
        "Give a reason to accept an application the SME check found not eligible."
        in refused.content.decode()
    )
    assert "Status is now “Eligible”." in accepted.content.decode()
    applicants["sever"].refresh_from_db()
    assert applicants["sever"].status == "eligible"
    assert list(applicants["sever"].events.values_list("reason", flat=True)) == [
        "Programme rule: exports count"
    ]


def test_counterpart_may_withdraw_its_applicant_but_not_decide_on_it(
    client, role_users, applicants
):
    counterpart = role_users["counterpart"]
    client.force_login(counterpart)

    decide = transition(client, applicants["hanoi"], status="shortlisted")
    withdraw = transition(client, applicants["hanoi"], status="withdrawn", reason="Cancelled")

    assert decide.status_code == 403
    assert withdraw.status_code == 200
    applicants["hanoi"].refresh_from_db()
    assert applicants["hanoi"].status == "withdrawn"
    event = applicants["hanoi"].events.get()
    assert (event.by, event.to_status, event.reason) == (counterpart, "withdrawn", "Cancelled")


def test_a_withdrawn_application_offers_no_further_status(client, role_users, applicants):
    applicants["hanoi"].status = "withdrawn"
    applicants["hanoi"].save()
    client.force_login(role_users["staff"])

    response = client.get(detail_url(applicants["hanoi"]))

    assert response.context["status_form"] is None
    assert "Change the status" not in response.content.decode()


# --- staff corrections ----------------------------------------------------------------------


def edit_form(application, **overrides) -> dict:
    company = application.company
    data = {
        "legal_name": company.legal_name,
        "local_name": company.local_name,
        "country": str(company.country),
        "sector": company.sector,
        "legal_form": company.legal_form,
        "currency": company.currency,
        "capital": str(company.capital),
        "sales": str(company.sales),
        "employees": str(company.employees),
        "year_founded": str(company.year_founded),
        "contact_name": company.contact_name,
        "contact_email": company.contact_email,
    }
    return {**data, **overrides}


def test_staff_correct_an_application_and_the_trail_says_who_changed_what(
    client, role_users, applicants
):
    staff = role_users["staff"]
    application = applicants["hanoi"]
    client.force_login(staff)
    url = reverse("companies:application.edit", args=[application.programme.slug, application.pk])

    page = client.get(url)
    response = client.post(url, edit_form(application, employees="120", latin_name="Ha Noi"))

    assert page.status_code == 200
    assert page.context["form"]["employees"].value() == 80
    assert response.status_code == 302
    application.company.refresh_from_db()
    assert (application.company.employees, application.company.latin_name) == (120, "Ha Noi")
    edit = application.events.get(kind=ApplicationEvent.Kind.EDITED)
    assert (edit.by, edit.changes) == (
        staff,
        {"employees": [80, 120], "latin_name": ["", "Ha Noi"]},
    )
    content = client.get(detail_url(application)).content.decode()
    assert "<li>employees: 80 → 120</li>" in content
    assert "<li>Latin transliteration: — → Ha Noi</li>" in content


def test_staff_correction_shows_the_services_refusal_on_the_field(client, role_users, applicants):
    application = applicants["hanoi"]
    client.force_login(role_users["staff"])
    url = reverse("companies:application.edit", args=[application.programme.slug, application.pk])

    response = client.post(url, edit_form(application, currency=""))

    assert response.status_code == 200
    assert response.context["form"].errors["currency"] == [
        "Give the currency of the capital and sales figures."
    ]
    application.company.refresh_from_db()
    assert application.company.currency == "VND"
    assert not application.events.exists()

"""Permission rows: applications (see tests/companies/permission_rows.py).

Public pages (apply/...) need no account: they answer every role alike. A closed form or a
passed deadline answers 200 with a page that says so (tests/companies/test_application_public.py);
unknown tokens 404.

Staff pages: staff see every applicant of the programme; the counterpart the applicants it put
forward (world.application is one); the company its own application (world.own_application);
the other invited roles get 403 on the programme's lists and 404 on an application they cannot
see; other_counterpart, not invited, cannot see the programme (404)."""

from tests.permission_table import (
    API_ANONYMOUS,
    LOGIN,
    api_row,
    everyone,
    programme_managers,
    row,
    signed_in,
)

P = "programme.slug"
APP = "application.pk"
OWN = "own_application.pk"
FORM_TOKEN = "form.public_token"
PRIVATE_TOKEN = "application.access_token"
INVITED_OTHERS = ("adviser", "interpreter", "reviewer", "company")


def _expect(*, staff, counterpart, others, company=None, anonymous=LOGIN) -> dict:
    expect = {
        "anonymous": anonymous,
        "staff": staff,
        "counterpart": counterpart,
        "other_counterpart": 404,
        **dict.fromkeys(INVITED_OTHERS, others),
    }
    if company is not None:
        expect["company"] = company
    return expect


def applicant_readers(status: int = 200) -> dict:
    """The programme's applicants: staff all, the counterpart its own, other roles 403."""
    return _expect(staff=status, counterpart=status, others=403)


def application_viewers(status: int = 200, *, counterpart=None, anonymous=LOGIN) -> dict:
    """world.application (put forward by the counterpart): staff and the counterpart; the
    other roles cannot see it (404)."""
    return _expect(
        staff=status,
        counterpart=status if counterpart is None else counterpart,
        others=404,
        anonymous=anonymous,
    )


def own_application_viewers(status: int = 200, *, anonymous=LOGIN) -> dict:
    """world.own_application (the company role's own): staff and the company; the other company
    of the programme cannot see it (404)."""
    return {
        **_expect(staff=status, counterpart=404, others=404, company=status, anonymous=anonymous),
        "other_company": 404,
    }


def company_form(world) -> dict:
    """A valid applicant form (world.applicant's country, Vietnam)."""
    return {
        "legal_name": "Hanoi Mechanical JSC",
        "local_name": "Công ty Cổ phần Cơ khí Hà Nội",
        "country": "VN",
        "sector": "manufacturing",
        "legal_form": "company",
        "currency": "VND",
        "capital": "15 000 000 000",
        "sales": "40 000 000 000",
        "employees": "80",
        "contact_name": "Nguyen Van An",
        "contact_email": "an@hanoi-mechanical.example",
    }


def start_form(world) -> dict:
    return {**company_form(world), "email": "an@hanoi-mechanical.example"}


HTML_ROWS = [
    # the public form: no account needed
    row("companies:apply.start", "GET", everyone(200), FORM_TOKEN),
    row("companies:apply.start", "POST", everyone(302), FORM_TOKEN, data=start_form),
    row("companies:apply.sme_check", "POST", everyone(200), FORM_TOKEN, data=company_form),
    row("companies:apply.sme_check", "GET", everyone(405), FORM_TOKEN),
    row("companies:apply.private", "GET", everyone(200), PRIVATE_TOKEN),
    row("companies:apply.private", "POST", everyone(302), PRIVATE_TOKEN, data=company_form),
    # world.application is already submitted: refused with a message, back to the page
    row("companies:apply.submit", "POST", everyone(302), PRIVATE_TOKEN),
    row("companies:apply.withdraw", "POST", everyone(302), PRIVATE_TOKEN),
    # applicants of a programme
    row("companies:application.list", "GET", applicant_readers(200), P),
    row("companies:application.export", "GET", applicant_readers(200), P),
    row(
        "companies:application.export",
        "GET",
        applicant_readers(200),
        P,
        data=lambda w: {"format": "xlsx"},
        label=" (xlsx)",
    ),
    row("companies:application.detail", "GET", application_viewers(200), P, APP),
    row(
        "companies:application.detail",
        "GET",
        own_application_viewers(200),
        P,
        OWN,
        label=" (own company)",
    ),
    row(
        "companies:application.transition",
        "POST",
        application_viewers(302, counterpart=403),
        P,
        APP,
        data=lambda w: {"status": "eligible", "reason": ""},
    ),
    row(
        "companies:application.transition",
        "POST",
        application_viewers(302),
        P,
        APP,
        data=lambda w: {"status": "withdrawn", "reason": "Merged with another applicant"},
        label=" (withdraw)",
    ),
    row(
        "companies:application.transition",
        "POST",
        own_application_viewers(302),
        P,
        OWN,
        data=lambda w: {"status": "withdrawn"},
        label=" (own company withdraws)",
    ),
    row("companies:application.edit", "GET", application_viewers(200, counterpart=403), P, APP),
    row(
        "companies:application.edit",
        "POST",
        application_viewers(302, counterpart=403),
        P,
        APP,
        data=company_form,
    ),
    # the form settings and the programme's own questions: staff
    row("companies:form.edit", "GET", programme_managers(200), P),
    row(
        "companies:form.edit",
        "POST",
        programme_managers(302),
        P,
        data=lambda w: {
            "is_open": "on",
            "deadline": "2027-01-31T17:00",
            "languages": ["en", "ja"],
            "intro": "Welcome.",
        },
    ),
    row("companies:question.create", "GET", programme_managers(200), P),
    row(
        "companies:question.create",
        "POST",
        programme_managers(302),
        P,
        data=lambda w: {"kind": "choice", "title": "Fair?", "choices": "Yes\nNo", "position": 1},
    ),
    row("companies:question.edit", "GET", programme_managers(200), P, "question.pk"),
    row(
        "companies:question.edit",
        "POST",
        programme_managers(302),
        P,
        "question.pk",
        data=lambda w: {"kind": "text", "title": "What do you make?", "position": 1},
    ),
    row("companies:question.delete", "POST", programme_managers(302), P, "question.pk"),
]

API_ROWS = [
    api_row("application.list", "GET", signed_in(200, anonymous=API_ANONYMOUS)),
    api_row("application.detail", "GET", application_viewers(200, anonymous=API_ANONYMOUS), APP),
    api_row(
        "application.detail",
        "GET",
        own_application_viewers(200, anonymous=API_ANONYMOUS),
        OWN,
        label=" (own company)",
    ),
    api_row(
        "application.detail",
        "PATCH",
        application_viewers(200, counterpart=403, anonymous=API_ANONYMOUS),
        APP,
        data=lambda w: {"employees": 95},
    ),
    api_row(
        "application.transition",
        "POST",
        application_viewers(200, counterpart=403, anonymous=API_ANONYMOUS),
        APP,
        data=lambda w: {"status": "eligible"},
    ),
    api_row(
        "application.transition",
        "POST",
        application_viewers(200, anonymous=API_ANONYMOUS),
        APP,
        data=lambda w: {"status": "withdrawn", "reason": "Withdrawn by its counterpart"},
        label=" (withdraw)",
    ),
]

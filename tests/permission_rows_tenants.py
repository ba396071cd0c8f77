"""Permission rows on the data of the other tenants (collected by tests/test_permissions.py).

Every role has data of its own, so that a 404 proves scoping rather than an empty database:

    world.other_*       the uninvited counterpart's own programme, applicant, upload and job
                        (it takes part in world.other_programme, not in world.programme)
    world.removed_*     an applicant and an upload of the removed counterpart, a review and a
                        conflict of the removed adviser, in world.programme, recorded before
                        both were removed from it

    world.other_company*
                        the other company's own company and application in world.programme
                        (the company role's is world.own_application)

The owner sees its own (200); the counterpart of world.programme gets 404 on the other
counterpart's data and on the removed counterpart's; a participant removed from the programme
gets 404 on what it had there."""

from tests.permission_table import API_ANONYMOUS, INVITED, LIKE, LOGIN, ROLES, api_row, row


def only(status: int, *, anonymous=LOGIN, **roles) -> dict:
    """`status` for staff and the roles named (with their own status), 404 for everyone else."""
    table = dict.fromkeys(ROLES, 404)
    table.update(anonymous=anonymous, staff=status, **roles)
    return table


def invited(status: int, *, anonymous=LOGIN, **roles) -> dict:
    """world.programme's data that its invited roles reach (`status` unless named), staff
    `status`, the uninvited and the removed 404."""
    table = only(status, anonymous=anonymous, **dict.fromkeys(INVITED, status))
    table.update(roles)
    table.update({role: table[like] for role, like in LIKE.items() if role not in roles})
    return table


A = API_ANONYMOUS
OP = "other_programme.slug"
P = "programme.slug"

HTML_ROWS = [
    row(
        "programmes:programme.detail",
        "GET",
        only(200, other_counterpart=200),
        OP,
        label=" (the other counterpart's programme)",
    ),
    row(
        "companies:application.detail",
        "GET",
        only(200, other_counterpart=200),
        OP,
        "other_application.pk",
        label=" (the other counterpart's applicant)",
    ),
    row(
        "companies:upload.detail",
        "GET",
        only(200, other_counterpart=200),
        OP,
        "other_batch.pk",
        label=" (the other counterpart's upload)",
    ),
    row(
        "core:job.detail",
        "GET",
        only(200, other_counterpart=200),
        "other_job.pk",
        label=" (the other counterpart's job)",
    ),
    row(
        "companies:application.detail",
        "GET",
        only(200, other_company=200),
        P,
        "other_company_application.pk",
        label=" (the other company's own)",
    ),
    row(
        "companies:application.transition",
        "POST",
        only(302, other_company=302),
        P,
        "other_company_application.pk",
        data=lambda w: {"status": "withdrawn"},
        label=" (the other company withdraws its own)",
    ),
    row(
        "companies:company.detail",
        "GET",
        only(200, other_company=200),
        "other_company.pk",
        label=" (the other company's own)",
    ),
    row(
        "companies:application.detail",
        "GET",
        only(200),
        P,
        "removed_application.pk",
        label=" (put forward by the removed counterpart)",
    ),
    row(
        "companies:upload.detail",
        "GET",
        invited(200, counterpart=404, adviser=403, interpreter=403, reviewer=403, company=403),
        P,
        "removed_batch.pk",
        label=" (uploaded by the removed counterpart)",
    ),
    row(
        "matching:review.edit",
        "GET",
        invited(200, counterpart=403, adviser=404, interpreter=403, reviewer=403, company=403),
        P,
        "removed_assignment.pk",
        label=" (the removed adviser's)",
    ),
]

API_ROWS = [
    api_row(
        "application.detail",
        "GET",
        only(200, anonymous=A, other_counterpart=200),
        "other_application.pk",
        label=" (the other counterpart's applicant)",
    ),
    api_row(
        "upload.detail",
        "GET",
        only(200, anonymous=A, other_counterpart=200),
        "other_batch.pk",
        label=" (the other counterpart's upload)",
    ),
    api_row(
        "job.detail",
        "GET",
        only(200, anonymous=A, other_counterpart=200),
        "other_job.pk",
        label=" (the other counterpart's job)",
    ),
    api_row(
        "application.detail",
        "GET",
        only(200, anonymous=A, other_company=200),
        "other_company_application.pk",
        label=" (the other company's own)",
    ),
    api_row(
        "company.detail",
        "GET",
        only(200, anonymous=A, other_company=200),
        "other_company.pk",
        label=" (the other company's own)",
    ),
    api_row(
        "application.detail",
        "GET",
        only(200, anonymous=A),
        "removed_application.pk",
        label=" (put forward by the removed counterpart)",
    ),
    api_row(
        "application.transition",
        "POST",
        only(200, anonymous=A),
        "removed_application.pk",
        data=lambda w: {"status": "withdrawn", "reason": "No longer taking part"},
        label=" (put forward by the removed counterpart)",
    ),
    api_row(
        "upload.detail",
        "GET",
        invited(
            200,
            anonymous=A,
            counterpart=404,
            adviser=403,
            interpreter=403,
            reviewer=403,
            company=403,
        ),
        "removed_batch.pk",
        label=" (uploaded by the removed counterpart)",
    ),
    api_row(
        "review.detail",
        "GET",
        only(200, anonymous=A),
        "removed_assignment.pk",
        label=" (the removed adviser's)",
    ),
    api_row(
        "review.detail",
        "PATCH",
        only(403, anonymous=A),
        "removed_assignment.pk",
        data=lambda w: {"comment": "Strong exporter"},
        label=" (the removed adviser's)",
    ),
    api_row(
        "conflict.detail",
        "GET",
        only(200, anonymous=A),
        "removed_conflict.pk",
        label=" (the removed adviser's)",
    ),
    api_row(
        "conflict.detail",
        "DELETE",
        only(204, anonymous=A),
        "removed_conflict.pk",
        label=" (the removed adviser's)",
    ),
]

"""A company's home: "My applications". Every application of the signed-in user's company, in
every programme: its status, SME result, the selection decision and the company's answer
(through the matching app's partial), and, where the scheduling app has them, its meeting
requests and agenda (through the scheduling app's template tag). Each entry opens the
application's own page (its private link), where the company confirms or declines.

Who: members of a company organisation (others 403; anonymous to sign in). Reads only."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from core.i18n import company_facing

from ..rules import can_see_own_applications
from ..selectors_mine import (
    application_list_for_company_member,
    company_of_member,
    visible_programme_ids,
)


@company_facing
@login_required
def my_applications(request):
    if not can_see_own_applications(request.user):
        raise PermissionDenied
    applications = list(application_list_for_company_member(request.user))
    visible = visible_programme_ids(request.user, applications)
    return render(
        request,
        "companies/mine/list.html",
        {
            "rows": [
                (application, application.programme_id in visible) for application in applications
            ],
            "company": company_of_member(request.user),
        },
    )

"""Who may do what with a programme's scheduling input. One place, used by the pages, the API
and the templates; reads are scoped in selectors.py, these answer yes/no for one action.

- Agency staff do everything: answer for any company, score and block pairs, read the pair
  table, enter attendance and absences, change the settings, remind the companies.
- An adviser of the programme scores and blocks pairs and reads the pair table.
- A ministry reviewer reads the pair table and the availability page; changes nothing.
- A company (a member of the organisation a participating company belongs to) reads the
  catalogue of the other side and answers for its own company only.
- A counterpart organisation sees nothing of the requests: they are its companies' private
  wishes about partners, and counterparts do not take part in matching (403).
- Anyone who cannot see the programme gets 404 before any of these is asked.
"""

from companies.models import Company
from core.models import User
from programmes.models import Programme, Role
from programmes.rules import roles_in_programme


def can_manage_scheduling(user: User, programme: Programme | None = None) -> bool:
    """Agency staff run the scheduling of every programme."""
    return user.is_authenticated and user.is_agency_staff


def is_adviser(user: User, programme: Programme) -> bool:
    return user.is_authenticated and Role.ADVISER in roles_in_programme(user, programme)


def is_reviewer(user: User, programme: Programme) -> bool:
    return user.is_authenticated and Role.REVIEWER in roles_in_programme(user, programme)


def can_score_pairs(user: User, programme: Programme) -> bool:
    """Staff and the programme's advisers add or adjust pair scores and block pairs."""
    return can_manage_scheduling(user, programme) or is_adviser(user, programme)


def can_read_pairs(user: User, programme: Programme) -> bool:
    """The pair table: staff, the programme's advisers and its reviewers."""
    return can_score_pairs(user, programme) or is_reviewer(user, programme)


def can_read_availability(user: User, programme: Programme) -> bool:
    """Attendance, absences and the settings: staff and reviewers read them."""
    return can_manage_scheduling(user, programme) or is_reviewer(user, programme)


def own_company(user: User) -> Company | None:
    """The company the user's organisation is, if it is one."""
    if not user.is_authenticated or user.organisation_id is None:
        return None
    return Company.objects.filter(organisation_id=user.organisation_id).first()


def can_answer_for(user: User, company: Company) -> bool:
    """Staff answer for any company; a company's own members for it alone."""
    if can_manage_scheduling(user):
        return True
    return (
        user.is_authenticated
        and user.organisation_id is not None
        and company.organisation_id == user.organisation_id
    )

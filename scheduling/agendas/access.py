"""Who may read which agenda, and which schedule and subjects a person sees."""

from django.http import Http404
from django.utils.text import slugify

from companies.models import Application, Company
from core.models import User
from programmes.models import Programme, ProgrammeRole, Role, Table
from programmes.rules import roles_in_programme

from .. import selectors
from ..instance import company_code
from ..models import Meeting, OverseasTable, PoolInterpreter, Schedule
from .shapes import KINDS, Subject


def _programme_companies(programme: Programme):
    return Company.objects.filter(applications__programme=programme).distinct()


def _programme_interpreter_ids(programme: Programme) -> set[int]:
    ids = set(
        ProgrammeRole.objects.filter(programme=programme, role=Role.INTERPRETER).values_list(
            "user_id", flat=True
        )
    )
    ids |= set(
        OverseasTable.objects.filter(programme=programme, interpreter__isnull=False).values_list(
            "interpreter_id", flat=True
        )
    )
    ids |= set(
        PoolInterpreter.objects.filter(programme=programme).values_list("user_id", flat=True)
    )
    return ids


def _programme_adviser_ids(programme: Programme) -> set[int]:
    ids = set(
        ProgrammeRole.objects.filter(programme=programme, role=Role.ADVISER).values_list(
            "user_id", flat=True
        )
    )
    ids |= set(
        Meeting.objects.filter(schedule__programme=programme, adviser__isnull=False).values_list(
            "adviser_id", flat=True
        )
    )
    return ids


def _table_numbers(programme: Programme) -> set[int]:
    numbers = set(
        Table.objects.filter(activity__programme=programme).values_list("number", flat=True)
    )
    numbers |= set(
        OverseasTable.objects.filter(programme=programme).values_list("number", flat=True)
    )
    return numbers


def _table_subject(number: int) -> Subject:
    return Subject("table", number, "")


def agenda_subject(programme: Programme, kind: str, key: int) -> Subject:
    """The company, interpreter, adviser or table ``key`` of the programme; 404 if it takes no
    part in it."""
    if kind == "company":
        company = _programme_companies(programme).filter(pk=key).first()
        if company is not None:
            return Subject("company", company.pk, company.display_name, company=company)
    elif kind in ("interpreter", "adviser"):
        ids = (
            _programme_interpreter_ids(programme)
            if kind == "interpreter"
            else _programme_adviser_ids(programme)
        )
        user = User.objects.filter(pk=key).first() if key in ids else None
        if user is not None:
            return Subject(kind, user.pk, user.display_name(), user=user)
    elif kind == "table" and key in _table_numbers(programme):
        return _table_subject(key)
    raise Http404("No such agenda in this programme.")


def can_read_every_agenda(user: User, programme: Programme, roles: set[str] | None = None) -> bool:
    """Staff and the programme's ministry reviewers read every agenda."""
    roles = roles_in_programme(user, programme) if roles is None else roles
    return bool(roles & {Role.STAFF, Role.REVIEWER})


def counterpart_company_ids(user: User, programme: Programme) -> set[int]:
    """The companies a counterpart organisation put forward to the programme."""
    if not user.organisation_id:
        return set()
    return set(
        Application.objects.visible_to(user)
        .filter(programme=programme, counterpart_id=user.organisation_id)
        .values_list("company_id", flat=True)
    )


def can_read_agenda(user: User, programme: Programme, subject: Subject) -> bool:
    """Staff and reviewers: every agenda. A company: its own. An interpreter or adviser: their
    own. A counterpart: the agendas of the companies it put forward."""
    roles = roles_in_programme(user, programme)
    if not roles:
        return False
    if can_read_every_agenda(user, programme, roles):
        return True
    if subject.kind == "company":
        company = subject.company
        if company.organisation_id and company.organisation_id == user.organisation_id:
            return True
        return Role.COUNTERPART in roles and company.pk in counterpart_company_ids(user, programme)
    if subject.kind in ("interpreter", "adviser"):
        return subject.key == user.pk and subject.kind in roles
    return False


def agenda_subject_for_user(user: User, programme: Programme, kind: str, key: int) -> Subject:
    """The subject if ``user`` may read its agenda; 404 otherwise (never says whether it
    exists)."""
    if kind not in KINDS:
        raise Http404("No such agenda.")
    subject = agenda_subject(programme, kind, key)
    if not can_read_agenda(user, programme, subject):
        raise Http404("No such agenda.")
    return subject


def agenda_schedule(user: User, programme: Programme, schedule_id=None) -> Schedule | None:
    """The published schedule; staff may name another schedule of the programme (a draft)."""
    if schedule_id in (None, ""):
        return selectors.published_schedule(programme)
    if not (user.is_authenticated and user.is_agency_staff):
        raise Http404("No such schedule.")
    try:
        return Schedule.objects.get(programme=programme, pk=int(schedule_id))
    except (Schedule.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such schedule.") from exc


def own_subjects(user: User, programme: Programme) -> list[Subject]:
    """The agendas that are the user's own: their company's, or theirs as an interpreter or
    adviser of the programme."""
    roles = roles_in_programme(user, programme)
    found = []
    if user.organisation_id:
        company = _programme_companies(programme).filter(organisation=user.organisation_id).first()
        if company is not None:
            found.append(Subject("company", company.pk, company.display_name, company=company))
    for kind, ids in (
        ("interpreter", _programme_interpreter_ids),
        ("adviser", _programme_adviser_ids),
    ):
        if kind in roles and user.pk in ids(programme):
            found.append(Subject(kind, user.pk, user.display_name(), user=user))
    return found


def readable_subjects(user: User, programme: Programme, schedule: Schedule | None) -> dict:
    """What an agenda index lists for ``user``, by kind: everyone for staff and reviewers (the
    companies, interpreters and advisers of the schedule, and its tables), a counterpart's own
    companies, and the user's own agendas."""
    listed: dict[str, list[Subject]] = {kind: [] for kind in KINDS}
    if can_read_every_agenda(user, programme):
        meetings = schedule.meetings.all() if schedule else Meeting.objects.none()
        company_ids = set(meetings.values_list("overseas_id", flat=True)) | set(
            meetings.values_list("domestic_id", flat=True)
        )
        for company in Company.objects.filter(pk__in=company_ids).order_by("legal_name"):
            listed["company"].append(
                Subject("company", company.pk, company.display_name, company=company)
            )
        for kind, column in (("interpreter", "interpreter_id"), ("adviser", "adviser_id")):
            ids = set(meetings.exclude(**{column: None}).values_list(column, flat=True))
            for person in User.objects.filter(pk__in=ids).order_by("username"):
                listed[kind].append(Subject(kind, person.pk, person.display_name(), user=person))
        for number in sorted(set(meetings.values_list("table__number", flat=True))):
            listed["table"].append(_table_subject(number))
        return listed
    ids = counterpart_company_ids(user, programme)
    if ids:
        for company in Company.objects.filter(pk__in=ids).order_by("legal_name"):
            listed["company"].append(
                Subject("company", company.pk, company.display_name, company=company)
            )
    for subject in own_subjects(user, programme):
        if subject not in listed[subject.kind]:
            listed[subject.kind].append(subject)
    return listed


def resolve_company(programme: Programme, value: str) -> Company:
    """A company of the programme named on the command line: its id, its code ("VN-12") or
    the slug of its Latin or legal name ("saigon-precision-parts-co-ltd")."""
    companies = list(_programme_companies(programme))
    for company in companies:
        if value in (str(company.pk), company_code(company)):
            return company
    found = [c for c in companies if value in {slugify(c.latin_name), slugify(c.legal_name)} - {""}]
    if len(found) == 1:
        return found[0]
    raise Http404(
        f"{len(found)} companies of the programme match “{value}”: give its id or code instead."
        if found
        else f"No company “{value}” in the programme."
    )

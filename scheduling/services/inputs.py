"""The input of a schedule: meeting requests (by the companies, in the request window), adviser
pair scores and blocks, attendance of activities and absences. Each write checks who the
companies are in the programme; who may call which service is decided by the caller's rules."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from companies.models import Company
from core.models import User
from programmes.models import Activity, Programme

from .. import selectors
from ..exceptions import (
    InputRefused,
    NotParticipant,
    NotYourCompany,
    RequestRefused,
    RequestsClosed,
)
from ..models import (
    Attendance,
    MeetingRequest,
    PairScore,
    Preference,
    SchedulingSettings,
    Unavailability,
)

MAX_ADJUSTMENT = 20
NOTE_LENGTH = 500


def participant_side(programme: Programme, company: Company) -> str | None:
    """ "overseas", "domestic" or None (not taking part)."""
    if selectors.overseas_participants(programme).filter(pk=company.pk).exists():
        return "overseas"
    if selectors.domestic_participants(programme).filter(pk=company.pk).exists():
        return "domestic"
    return None


def _local(programme: Programme, moment: datetime) -> str:
    return f"{programme.local(moment):%Y-%m-%d %H:%M} ({programme.time_zone})"


def requests_check_window(programme: Programme, *, now: datetime | None = None) -> None:
    """Refuse outside the request window staff set (in the programme's time zone)."""
    settings = SchedulingSettings.get_for(programme)
    now = now or timezone.now()
    if settings.requests_open_at and now < settings.requests_open_at:
        raise RequestsClosed(
            _("Meeting requests open on %(when)s.")
            % {"when": _local(programme, settings.requests_open_at)}
        )
    if settings.requests_close_at and now > settings.requests_close_at:
        raise RequestsClosed(
            _("Meeting requests closed on %(when)s.")
            % {"when": _local(programme, settings.requests_close_at)}
        )


def _check_requester(programme: Programme, company: Company, target: Company, by: User) -> None:
    if not by.is_agency_staff and (
        by.organisation_id is None or company.organisation_id != by.organisation_id
    ):
        raise NotYourCompany()
    side = participant_side(programme, company)
    if side is None:
        raise NotParticipant(
            _("%(company)s does not take part in this programme.") % {"company": company}
        )
    other = participant_side(programme, target)
    if other is None or other == side:
        raise NotParticipant(
            _("%(target)s is not a participant of the other side.") % {"target": target},
            errors={"target": [str(target)]},
        )


def meeting_request_save(
    programme: Programme,
    *,
    company: Company,
    target: Company,
    preference: str,
    note: str = "",
    by: User,
    now: datetime | None = None,
) -> MeetingRequest:
    """A company says whom of the other side it wants to meet ("must", "like", "no"), with a
    note. Companies answer for themselves within the request window; staff may at any time."""
    if preference not in Preference.values:
        raise RequestRefused(
            _("Choose “must meet”, “would like to meet” or “not interested”."),
            errors={"preference": [str(preference)]},
        )
    note = (note or "").strip()
    if len(note) > NOTE_LENGTH:
        raise RequestRefused(
            _("The note is longer than %(max)s characters.") % {"max": NOTE_LENGTH},
            errors={"note": [str(len(note))]},
        )
    _check_requester(programme, company, target, by)
    if not by.is_agency_staff:
        requests_check_window(programme, now=now)
    with transaction.atomic():
        request, _created = MeetingRequest.objects.update_or_create(
            programme=programme,
            company=company,
            target=target,
            defaults={"preference": preference, "note": note, "by": by},
        )
    return request


def meeting_request_delete(request: MeetingRequest, *, by: User, now=None) -> None:
    """Withdraw a request (the pair is then "no answer" from this side)."""
    programme = request.programme
    if not by.is_agency_staff:
        if by.organisation_id is None or request.company.organisation_id != by.organisation_id:
            raise NotYourCompany()
        requests_check_window(programme, now=now)
    request.delete()


def pair_score_save(
    programme: Programme,
    *,
    overseas: Company,
    domestic: Company,
    adjustment: int = 0,
    blocked: bool = False,
    reason_kind: str = PairScore.ReasonKind.OTHER,
    reason: str = "",
    by: User,
) -> PairScore | None:
    """An adviser's adjustment of a pair (signed points) or a block, with the reason. Neither
    (0 points, not blocked) removes the pair's row and returns None."""
    errors: dict[str, list[str]] = {}
    if participant_side(programme, overseas) != "overseas":
        errors["overseas"] = [_("Not an overseas participant of this programme.")]
    if participant_side(programme, domestic) != "domestic":
        errors["domestic"] = [_("Not a Japanese participant of this programme.")]
    if (
        not isinstance(adjustment, int)
        or isinstance(adjustment, bool)
        or not -MAX_ADJUSTMENT <= adjustment <= MAX_ADJUSTMENT
    ):
        errors["adjustment"] = [
            _("A whole number from %(low)s to %(high)s.")
            % {"low": -MAX_ADJUSTMENT, "high": MAX_ADJUSTMENT}
        ]
    if reason_kind not in PairScore.ReasonKind.values:
        errors["reason_kind"] = [_("Choose one of the reasons.")]
    if (adjustment or blocked) and not (reason or "").strip():
        errors["reason"] = [_("Say why: the reason is shown to staff with the score.")]
    if errors:
        raise InputRefused(_("The pair score could not be saved."), errors=errors)
    with transaction.atomic():
        if not adjustment and not blocked:
            PairScore.objects.filter(
                programme=programme, overseas=overseas, domestic=domestic
            ).delete()
            return None
        row, _created = PairScore.objects.update_or_create(
            programme=programme,
            overseas=overseas,
            domestic=domestic,
            defaults={
                "adjustment": adjustment,
                "blocked": blocked,
                "reason_kind": reason_kind,
                "reason": reason.strip(),
                "by": by,
            },
        )
    return row


def attendance_set(activity: Activity, *, company: Company, attending: bool, by: User) -> bool:
    """Record whether a participant attends an activity; returns whether anything changed."""
    if participant_side(activity.programme, company) is None:
        raise NotParticipant(
            _("%(company)s does not take part in this programme.") % {"company": company}
        )
    if attending:
        _row, created = Attendance.objects.get_or_create(activity=activity, company=company)
        return created
    deleted, _rows = Attendance.objects.filter(activity=activity, company=company).delete()
    return bool(deleted)


def unavailability_add(
    programme: Programme,
    *,
    starts_at: datetime,
    ends_at: datetime,
    company: Company | None = None,
    interpreter: User | None = None,
    reason: str = "",
    by: User,
) -> Unavailability:
    """A participant (or a pooled interpreter) is away from ``starts_at`` to ``ends_at``."""
    if (company is None) == (interpreter is None):
        raise InputRefused(_("Name either a company or an interpreter."))
    if ends_at <= starts_at:
        raise InputRefused(
            _("The absence must end after it starts."), errors={"ends_at": [str(ends_at)]}
        )
    if company is not None and participant_side(programme, company) is None:
        raise NotParticipant(
            _("%(company)s does not take part in this programme.") % {"company": company}
        )
    return Unavailability.objects.create(
        programme=programme,
        company=company,
        interpreter=interpreter,
        starts_at=starts_at,
        ends_at=ends_at,
        reason=(reason or "").strip()[:300],
        by=by,
    )

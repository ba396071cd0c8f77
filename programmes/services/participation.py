"""Who takes part: inviting organisations and users with a role (e-mailed in their language),
and removing them; full links for e-mails."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from core.models import Organisation, User

from ..exceptions import ProgrammeError
from ..models import Programme, ProgrammeOrganisation, ProgrammeRole, Role


def absolute_url(path: str) -> str:
    """A path on this site as a full link for e-mails (SITE_URL)."""
    return getattr(settings, "SITE_URL", "http://127.0.0.1:8000").rstrip("/") + path


def _notify(recipients: list[tuple[str, str]], *, programme: Programme, role: str) -> None:
    """E-mail each (address, language) about an invitation, in that person's language."""
    link = absolute_url(reverse("programmes:programme.detail", kwargs={"slug": programme.slug}))
    for address, language in recipients:
        if not address:
            continue
        with translation.override(language or "en"):
            context = {
                "programme": programme,
                "role": dict(Role.choices)[role],
                "link": link,
                "first_day": formats.date_format(programme.start_date),
                "last_day": formats.date_format(programme.end_date),
            }
            subject = _("Invitation: %(title)s") % {"title": programme.display_title}
            body = render_to_string("programmes/email/invitation.txt", context)
        transaction.on_commit(
            lambda s=subject, b=body, a=address: send_mail(
                s, b, settings.DEFAULT_FROM_EMAIL, [a], fail_silently=False
            )
        )


def programme_invite_organisation(
    programme: Programme, *, organisation: Organisation, role: str, by: User
) -> ProgrammeOrganisation:
    if role not in (Role.COUNTERPART, Role.ADVISER, Role.INTERPRETER, Role.REVIEWER, Role.COMPANY):
        raise ProgrammeError(
            _("Organisations cannot be invited with this role."),
            errors={"role": [_("Choose another role.")]},
        )
    expected = {
        Role.COUNTERPART: Organisation.Kind.COUNTERPART,
        Role.REVIEWER: Organisation.Kind.MINISTRY,
        Role.COMPANY: Organisation.Kind.COMPANY,
        Role.ADVISER: Organisation.Kind.ADVISERS,
        Role.INTERPRETER: Organisation.Kind.INTERPRETERS,
    }[role]
    if organisation.kind != expected:
        raise ProgrammeError(
            _("“%(name)s” is registered as “%(actual)s”; this role needs “%(expected)s”.")
            % {
                "name": organisation.name,
                "actual": organisation.get_kind_display(),
                "expected": Organisation.Kind(expected).label,
            },
            errors={"organisation": [_("This organisation cannot take this role.")]},
        )
    try:
        with transaction.atomic():
            link = ProgrammeOrganisation.objects.create(
                programme=programme, organisation=organisation, role=role, invited_by=by
            )
            recipients = [
                (u.email, u.language) for u in organisation.members.filter(is_active=True)
            ]
            if organisation.contact_email and organisation.contact_email not in {
                r[0] for r in recipients
            }:
                recipients.append((organisation.contact_email, "en"))
            _notify(recipients, programme=programme, role=role)
    except IntegrityError as exc:
        raise ProgrammeError(
            _("“%(name)s” is already invited to this programme.") % {"name": organisation.name},
            errors={"organisation": [_("Already invited.")]},
        ) from exc
    return link


def programme_invite_user(
    programme: Programme, *, user: User, role: str, by: User
) -> ProgrammeRole:
    if role not in Role.values:
        raise ProgrammeError(
            _("Unknown role “%(role)s”.") % {"role": role},
            errors={"role": [_("Choose one of the roles offered.")]},
        )
    if role == Role.STAFF and not user.is_agency_staff:
        raise ProgrammeError(
            _("Only members of the implementing agency can be programme staff."),
            errors={"user": [_("Not a member of the implementing agency.")]},
        )
    try:
        with transaction.atomic():
            grant = ProgrammeRole.objects.create(
                programme=programme, user=user, role=role, invited_by=by
            )
            _notify([(user.email, user.language)], programme=programme, role=role)
    except IntegrityError as exc:
        raise ProgrammeError(
            _("%(name)s already has this role in the programme.") % {"name": user.display_name()},
            errors={"user": [_("Already invited with this role.")]},
        ) from exc
    return grant


def programme_uninvite(link: ProgrammeOrganisation | ProgrammeRole, *, by: User) -> None:
    link.delete()

"""Moving a programme one step on or back in its status, and what the step back to draft does
(confirmed first)."""

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.models import User

from ..exceptions import ProgrammeError
from ..models import ALLOWED_TRANSITIONS, Programme


def programme_transition_needs_confirmation(programme: Programme, *, to: str) -> bool:
    """Only the step back to draft has consequences (the public form closes): it is confirmed
    first. The other steps back change nothing but the status (decisions, schedules and e-mails
    already sent stay as they are) and stay one click, to correct a mistake."""
    return to == Programme.Status.DRAFT and programme.status != Programme.Status.DRAFT


def programme_transition_effects(programme: Programme, *, to: str) -> list[str]:
    """What moving to `to` does beyond the status, in words for the confirmation page."""
    if not programme_transition_needs_confirmation(programme, to=to):
        return []
    # The form and the applications belong to the companies app, which builds on this one: they
    # are reached through their reverse relations rather than imported.
    form = getattr(programme, "application_form", None)
    counts: dict[str, int] = {}
    for row in programme.applications.order_by().values("status").annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    drafts = counts.get("draft", 0)
    made = sum(counts.values()) - drafts
    effects = []
    if form is not None and form.is_open:
        effects.append(
            _("The public application form closes: companies can no longer start an application "
              "through its link. Open it again from the form settings once the programme "
              "recruits again.")
        )  # fmt: skip
    else:
        effects.append(_("The public application form is already closed and stays closed."))
    effects.append(
        ngettext(
            "%(count)s application already submitted or imported is kept as it is.",
            "%(count)s applications already submitted or imported are kept as they are.",
            made,
        )
        % {"count": made}
    )
    if drafts:
        effects.append(
            ngettext(
                "%(count)s company has a draft application: it can still edit and submit it "
                "through its private link until the deadline.",
                "%(count)s companies have a draft application: they can still edit and submit "
                "them through their private links until the deadline.",
                drafts,
            )
            % {"count": drafts}
        )
    effects.append(_("Counterparts, advisers and other participants stay invited."))
    return effects


def programme_transition(
    programme: Programme, *, to: str, by: User, confirmed: bool = False
) -> Programme:
    """Move one step on or back. The step back to draft closes the public form and is refused
    unless `confirmed` (the page and the API show its effects first)."""
    with transaction.atomic():
        programme = Programme.objects.select_for_update().get(pk=programme.pk)
        allowed = ALLOWED_TRANSITIONS.get(programme.status, ())
        if to not in allowed:
            labels = dict(Programme.Status.choices)
            raise ProgrammeError(
                _("A programme in status “%(current)s” cannot move to “%(target)s”.")
                % {"current": labels.get(programme.status), "target": labels.get(to, to)},
                errors={
                    "status": [
                        _("Allowed: %(allowed)s.")
                        % {"allowed": ", ".join(str(labels[s]) for s in allowed) or "—"}
                    ]
                },
                code="invalid_transition",
            )
        if programme_transition_needs_confirmation(programme, to=to):
            if not confirmed:
                raise ProgrammeError(
                    _("Moving the programme back to “Draft” closes its public application form: "
                      "confirm it to go ahead."),
                    errors={"confirm": [_("Confirm the step back to draft.")]},
                    code="confirmation_required",
                )  # fmt: skip
            form = getattr(programme, "application_form", None)
            if form is not None and form.is_open:
                form.is_open = False
                form.save(update_fields=["is_open"])
        programme.status = to
        programme.save(update_fields=["status", "updated_at"])
    return programme

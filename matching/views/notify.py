"""Telling the companies their decisions: a page that says what will be sent (how many e-mails
of which kind in which language, who has no address), then the confirmed POST that queues them.
With nothing to tell, both refuse with the reason and queue nothing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from ..exceptions import AssessmentError
from ..models import Decision
from ..services.decisions import decisions_notify, decisions_notify_preview
from .staff.access import _managed_programme

KINDS = {
    "invitation": gettext_lazy("Invitation to take part"),
    Decision.Outcome.SELECT: gettext_lazy("Selected: asked to confirm or decline"),
    Decision.Outcome.WAITLIST: gettext_lazy("On the waiting list"),
    Decision.Outcome.REJECT: gettext_lazy("Not selected"),
}


@login_required
def decision_notify_confirm(request, slug):
    programme = _managed_programme(request, slug)
    try:
        preview = decisions_notify_preview(programme)
    except AssessmentError as exc:
        messages.error(request, str(exc.message))
        return redirect("matching:ranking", slug=programme.slug)
    for group in preview["groups"]:
        group["label"] = KINDS[group["kind"]]
    return render(
        request,
        "matching/staff/notify_confirm.html",
        {"programme": programme, "preview": preview},
    )


@login_required
@require_POST
def decision_notify(request, slug):
    programme = _managed_programme(request, slug)
    if request.POST.get("confirm") != "yes":
        messages.info(request, _("Check what will be sent, then confirm."))
        return redirect("matching:decision.notify.confirm", slug=programme.slug)
    try:
        result = decisions_notify(programme, by=request.user)
    except AssessmentError as exc:
        messages.error(request, str(exc.message))
        return redirect("matching:ranking", slug=programme.slug)
    if result["queued"]:
        messages.success(
            request,
            ngettext(
                "%(count)s e-mail queued to tell its company of its decision: it is marked as "
                "told once sent.",
                "%(count)s e-mails queued to tell the companies of their decisions: each is "
                "marked as told once sent.",
                result["queued"],
            )
            % {"count": result["queued"]},
        )
    if result["without_email"]:
        messages.warning(
            request,
            _("No e-mail address for %(names)s: add one to the application, or tell them another "
              "way.") % {"names": ", ".join(result["without_email"])},
        )  # fmt: skip
    return redirect("matching:ranking", slug=programme.slug)

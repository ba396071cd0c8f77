"""Advisers' pair scores and blocks; staff's pair table."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from ... import rules, selectors
from ...exceptions import SchedulingError
from ...forms import PairScoreForm
from ...models import (
    PairScore,
    SchedulingSettings,
)
from ...services import inputs
from .access import DOCS_ANCHOR, PAIRS_PER_PAGE, _programme


@login_required
def pair_score_edit(request, slug):
    programme = _programme(request, slug, rules.can_score_pairs)
    overseas = list(selectors.overseas_participants(programme))
    domestic = list(selectors.domestic_participants(programme))
    initial = {}
    wanted = (request.GET.get("overseas"), request.GET.get("domestic"))
    if all(wanted):
        found = PairScore.objects.filter(
            programme=programme, overseas_id=wanted[0], domestic_id=wanted[1]
        ).first()
        initial = {"overseas": wanted[0], "domestic": wanted[1]}
        if found:
            initial.update(
                adjustment=found.adjustment,
                blocked=found.blocked,
                reason_kind=found.reason_kind,
                reason=found.reason,
            )
    form = PairScoreForm(
        request.POST or None, initial=initial, overseas=overseas, domestic=domestic
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        by_id = {c.pk: c for c in [*overseas, *domestic]}
        try:
            row = inputs.pair_score_save(
                programme,
                overseas=by_id[data["overseas"]],
                domestic=by_id[data["domestic"]],
                adjustment=data["adjustment"],
                blocked=data["blocked"],
                reason_kind=data["reason_kind"],
                reason=data["reason"],
                by=request.user,
            )
        except SchedulingError as exc:
            form.show_errors(exc)
        else:
            pair = (
                f"{by_id[data['overseas']].display_name} × {by_id[data['domestic']].display_name}"
            )
            if row is None:
                messages.success(request, _("%(pair)s: adviser score removed.") % {"pair": pair})
            elif row.blocked:
                messages.success(request, _("%(pair)s: blocked.") % {"pair": pair})
            else:
                messages.success(
                    request,
                    _("%(pair)s: adjustment %(points)+d saved.")
                    % {"pair": pair, "points": row.adjustment},
                )
            return redirect("scheduling:pair_score.edit", slug=programme.slug)
    scores = PairScore.objects.filter(programme=programme).select_related(
        "overseas", "domestic", "by"
    )
    return render(
        request,
        "scheduling/pair/score.html",
        {"programme": programme, "form": form, "scores": scores},
    )


@login_required
def pair_list(request, slug):
    programme = _programme(request, slug, rules.can_read_pairs)
    rows = selectors.pair_table(programme)
    overseas = list(selectors.overseas_participants(programme))
    domestic = list(selectors.domestic_participants(programme))
    company = request.GET.get("company", "")
    if company:
        rows = [r for r in rows if company in (str(r["overseas"].pk), str(r["domestic"].pk))]
    shown = request.GET.get("show", "")
    if shown == "excluded":
        rows = [r for r in rows if r["excluded"]]
    elif shown == "positive":
        rows = [r for r in rows if not r["excluded"] and r["score"] > 0]
    page = Paginator(rows, PAIRS_PER_PAGE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in (("company", company), ("show", shown)) if v})
    return render(
        request,
        "scheduling/pair/list.html",
        {
            "programme": programme,
            "page": page,
            "count": len(rows),
            "overseas": overseas,
            "domestic": domestic,
            "company": company,
            "show": shown,
            "query": query,
            "can_score": rules.can_score_pairs(request.user, programme),
            "docs": DOCS_ANCHOR,
            "weights": SchedulingSettings.get_for(programme),
        },
    )

"""API: selecting the participants: the ranking, decisions and telling the companies, the
waiting list, Japanese companies invited from the registry, and a selected company's answer.
Its routes are added to assessment.py's.

Who: agency staff (other people invited to the programme get 403, people who cannot see it 404).
A selected company's own members answer for it (participation); staff may on its behalf.
Service refusals come out as 400 {"detail", "code", "errors"}: a decision on an applicant still
missing reviews is refused with code "reviews_missing" unless `override_reason` says why."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from companies.selectors import application_get_for_user, application_list_for_user
from core.api_views import ApiViewMixin, with_errors
from core.selectors import organisation_list_for_user

from .. import selectors
from ..rules import can_respond_participation
from ..serializers import (
    DecisionInputSerializer,
    DecisionSerializer,
    InvitableCompanySerializer,
    InvitableFilterSerializer,
    InvitationInputSerializer,
    NotifyResultSerializer,
    ParticipationInputSerializer,
    PromoteInputSerializer,
    RankingFilterSerializer,
    RankingRowSerializer,
    page_of,
)
from ..services import decisions as services
from .common import PAGE, assessment_schema, page, programme_for


def _missing(ids: list[int], found, field: str, message) -> None:
    """400 naming the ids not found; `message` has an %(ids)s."""
    missing = [str(pk) for pk in dict.fromkeys(ids) if pk not in found]
    if missing:
        raise ValidationError({field: [message % {"ids": ", ".join(missing)}]})


class RankingView(ApiViewMixin, APIView):
    @assessment_schema(
        summary="The ranking of the round (staff)",
        description="Every applicant of the round, best total first: its position (equal "
        "totals share one; none before a complete review), total and spread out of 100, "
        "the mean score per criterion, the criteria failed (mean below the threshold), "
        "reviews done and missing, the advisers' recommendations and the decision. "
        "Decimals are strings.",
        parameters=[RankingFilterSerializer],
        responses=with_errors({200: RankingRowSerializer(many=True)}, 400, 403, 404),
    )
    def get(self, request, slug: str):
        programme = programme_for(request.user, slug)
        filters = RankingFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        counterpart = None
        if filters.validated_data.get("counterpart"):
            counterpart = (
                organisation_list_for_user(request.user)
                .filter(slug=filters.validated_data["counterpart"])
                .first()
            )
            if counterpart is None:
                raise ValidationError({"counterpart": [_("No organisation has this slug.")]})
        entries = selectors.ranking(programme, counterpart=counterpart)
        return Response(RankingRowSerializer(entries, many=True).data)


class DecisionListView(ApiViewMixin, APIView):
    @assessment_schema(
        summary="Decisions on the applicants (staff)",
        operation_id="v1_programmes_decisions_list",
        parameters=[PAGE],
        responses=with_errors({200: page_of(DecisionSerializer)}, 403, 404),
    )
    def get(self, request, slug: str):
        programme = programme_for(request.user, slug)
        return page(request, self, selectors.decision_list(programme), DecisionSerializer)

    @assessment_schema(
        summary="Select, waitlist or reject applicants (staff)",
        description="All the applications named, or none. The reason is kept in each "
        "application's trail. An applicant still missing reviews needs `override_reason` "
        "(else 400, code `reviews_missing`); selections stay within the programme's target "
        "(code `over_target`). Nothing is sent: notify the companies afterwards.",
        request=DecisionInputSerializer,
        responses=with_errors({201: DecisionSerializer(many=True)}, 400, 403, 404),
    )
    def post(self, request, slug: str):
        programme = programme_for(request.user, slug)
        serializer = DecisionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        ids = data["applications"]
        found = application_list_for_user(request.user, programme).in_bulk(ids)
        _missing(ids, found, "applications", _("No application of this programme: %(ids)s."))
        decisions = services.decision_record(
            programme,
            applications=[found[pk] for pk in dict.fromkeys(ids)],
            outcome=data["outcome"],
            reason=data["reason"],
            by=request.user,
            override_reason=data["override_reason"],
        )
        decisions = selectors.decision_list(programme).filter(pk__in=[d.pk for d in decisions])
        return Response(
            DecisionSerializer(decisions, many=True).data, status=status.HTTP_201_CREATED
        )


class DecisionNotifyView(ApiViewMixin, APIView):
    @assessment_schema(
        summary="Tell the companies their decisions (staff)",
        description="Queues the e-mail of every decision not told yet (in the company's "
        "language with its private link), one task per company; a decision is marked as told "
        "(`notified_at`) once its e-mail went. Running it again queues only those still "
        "untold (e.g. after a mail server failure); `without_email` names the companies that "
        "could not be told. With no decision to tell (none recorded yet, all told already, or "
        "none still the applicant's status) it queues nothing and answers 400 with code "
        "`nothing_to_tell` and the reason.",
        request=None,
        responses=with_errors({200: NotifyResultSerializer}, 400, 403, 404),
    )
    def post(self, request, slug: str):
        programme = programme_for(request.user, slug)
        result = services.decisions_notify(programme, by=request.user)
        return Response(NotifyResultSerializer(result).data)


class WaitlistPromoteView(ApiViewMixin, APIView):
    @assessment_schema(
        summary="Select the first company on the waiting list (staff)",
        description="When a place is free (code `over_target` otherwise; `waitlist_empty` "
        "when nobody waits). The e-mail telling the company is queued at once.",
        request=PromoteInputSerializer,
        responses=with_errors({200: DecisionSerializer}, 400, 403, 404),
    )
    def post(self, request, slug: str):
        programme = programme_for(request.user, slug)
        serializer = PromoteInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        decision = services.waitlist_promote(
            programme, by=request.user, reason=serializer.validated_data["reason"]
        )
        return Response(DecisionSerializer(decision).data)


class InvitationView(ApiViewMixin, APIView):
    @assessment_schema(
        summary="Japanese companies that may be invited (staff)",
        operation_id="v1_programmes_invitations_list",
        description="Companies of the registry in Japan not yet taking part in the programme.",
        parameters=[InvitableFilterSerializer],
        responses=with_errors({200: page_of(InvitableCompanySerializer)}, 400, 403, 404),
    )
    def get(self, request, slug: str):
        programme = programme_for(request.user, slug)
        filters = InvitableFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        companies = selectors.invitable_companies(
            programme, sector=filters.validated_data.get("sector", "")
        )
        return page(request, self, companies, InvitableCompanySerializer)

    @assessment_schema(
        summary="Invite companies of the registry (staff)",
        description="Each becomes a selected participant (not counted in the target) and is "
        "e-mailed at its contact address to confirm. All or none.",
        request=InvitationInputSerializer,
        responses=with_errors({201: DecisionSerializer(many=True)}, 400, 403, 404),
    )
    def post(self, request, slug: str):
        programme = programme_for(request.user, slug)
        serializer = InvitationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ids = serializer.validated_data["companies"]
        found = selectors.invitable_companies(programme).in_bulk(ids)
        _missing(
            ids,
            found,
            "companies",
            _("Not invitable (unknown, or already in the programme): %(ids)s."),
        )
        decisions = services.companies_invite(
            programme,
            companies=[found[pk] for pk in dict.fromkeys(ids)],
            by=request.user,
            reason=serializer.validated_data["reason"],
        )
        decisions = selectors.decision_list(programme).filter(pk__in=[d.pk for d in decisions])
        return Response(
            DecisionSerializer(decisions, many=True).data, status=status.HTTP_201_CREATED
        )


class ParticipationView(ApiViewMixin, APIView):
    @assessment_schema(
        summary="A selected company confirms or declines",
        description="A member of the company's organisation, or staff on its behalf. A "
        "decline withdraws the application (kept in its trail); staff may then promote the "
        "next company on the waiting list.",
        request=ParticipationInputSerializer,
        responses=with_errors({200: DecisionSerializer}, 400, 403, 404),
    )
    def post(self, request, pk: int):
        application = application_get_for_user(request.user, pk)
        if not can_respond_participation(request.user, application):
            raise PermissionDenied(_("Only the company itself, or programme staff, may answer."))
        serializer = ParticipationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        decision = services.participation_respond(
            application,
            response=serializer.validated_data["response"],
            by=request.user,
            note=serializer.validated_data["note"],
        )
        decision = selectors.decision_list(application.programme).get(pk=decision.pk)
        return Response(DecisionSerializer(decision).data)


P = "programmes/<slug:slug>"

urlpatterns = [
    path(f"{P}/ranking/", RankingView.as_view(), name="ranking"),
    path(f"{P}/decisions/", DecisionListView.as_view(), name="decision.list"),
    path(f"{P}/decisions/notify/", DecisionNotifyView.as_view(), name="decision.notify"),
    path(f"{P}/waitlist/promote/", WaitlistPromoteView.as_view(), name="waitlist.promote"),
    path(f"{P}/invitations/", InvitationView.as_view(), name="invitation.create"),
    path(
        "applications/<int:pk>/participation/",
        ParticipationView.as_view(),
        name="participation.respond",
    ),
]

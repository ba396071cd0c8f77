"""API: the scheduling input of a programme, under /api/v1/programmes/<slug>/.

    requests/                 GET own requests (staff, reviewers: all; ?company=), POST one
    requests/<id>/            GET, PUT, PATCH (preference, note), DELETE
    pair-scores/              GET (staff, advisers, reviewers), POST (staff, advisers): upsert
    pair-scores/<id>/         GET, PUT, PATCH
    blocks/                   GET the blocked pairs, POST block a pair
    pairs/                    GET the pair table: both sides' requests, the adviser's
                              adjustment, the combined score and its terms (?company=)
    attendance/               GET (staff, reviewers), POST {activity, company, attending} (staff)
    unavailability/           GET (staff, reviewers), POST an absence (staff)
    unavailability/<id>/      GET, DELETE (staff)
    scheduling-settings/      GET (staff, reviewers), PUT, PATCH (staff)

Who may do what is scheduling/rules.py, as on the pages: a company answers for its own company
only (another company's request: 404); a counterpart sees nothing of the requests (403); a
reviewer reads and changes nothing (403). A programme the user cannot see: 404. A target that
is not a participant of the other side: 404. Requests outside the request window: 403 with
code "requests_closed" and the window in the programme's time zone. Other refusals: 400
{"detail", "code", "errors"}."""

from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api_views import ApiViewMixin, with_errors
from matching.serializers import page_of
from programmes.models import Activity, Programme
from programmes.selectors import programme_get_for_user

from .. import rules, selectors
from ..exceptions import RequestsClosed
from ..models import Attendance, MeetingRequest, PairScore, SchedulingSettings, Unavailability
from ..serializers import (
    AttendanceInputSerializer,
    AttendanceResultSerializer,
    AttendanceSerializer,
    BlockInputSerializer,
    MeetingRequestChangeSerializer,
    MeetingRequestInputSerializer,
    MeetingRequestSerializer,
    PairRowSerializer,
    PairScoreChangeSerializer,
    PairScoreInputSerializer,
    PairScoreSerializer,
    SchedulingSettingsSerializer,
    UnavailabilityInputSerializer,
    UnavailabilitySerializer,
)
from ..services import inputs
from ..services.availability import scheduling_settings_save, unavailability_delete

STAFF_ONLY = _("Only programme staff of the implementing agency change the scheduling input.")
SCORERS = _("Only the programme's advisers and its staff score and block pairs.")
PAIR_READERS = _("Only the programme's staff, advisers and reviewers read the pair table.")
NOT_TAKING_PART = _("Your company does not take part in this programme's meetings.")
NO_REQUESTS = _("Meeting requests are read by the companies that made them and by staff.")

COMPANY = OpenApiParameter("company", int, description="Only this company's (either side).")
PAGE = OpenApiParameter("page", int, description="The page, 50 a page.")


def _schema(**kwargs):
    return extend_schema(tags=["scheduling input"], **kwargs)


def _programme(user, slug: str, allowed=None, message=STAFF_ONLY) -> Programme:
    programme = programme_get_for_user(user, slug)
    if allowed is not None and not allowed(user, programme):
        raise PermissionDenied(message)
    return programme


def _page(request, view, items, serializer_class) -> Response:
    paginator = PageNumberPagination()
    rows = paginator.paginate_queryset(items, request, view=view)
    return paginator.get_paginated_response(serializer_class(rows, many=True).data)


def _participant(programme: Programme, pk, side: str | None = None):
    """A participant of the programme (of `side`, if named), else 404."""
    sides = (side,) if side else ("overseas", "domestic")
    for name in sides:
        found = getattr(selectors, f"{name}_participants")(programme).filter(pk=pk).first()
        if found is not None:
            return found
    raise Http404("Not a participant of this programme.")


def _requests_closed(exc: RequestsClosed):
    return PermissionDenied(str(exc.message), code="requests_closed")


# --- meeting requests -------------------------------------------------------------------------


def _readable_requests(request, programme: Programme):
    """Staff and reviewers read every request; a participating company its own; else 403."""
    user = request.user
    if rules.can_manage_scheduling(user, programme) or rules.is_reviewer(user, programme):
        return MeetingRequest.objects.filter(programme=programme).select_related(
            "company", "target"
        )
    company = rules.own_company(user)
    if company is None:
        raise PermissionDenied(NO_REQUESTS)
    return selectors.request_list_for_user(user, programme)


def _answering_company(request, programme: Programme, wanted):
    """Staff name the company; anybody else answers for their own participating company."""
    if rules.can_manage_scheduling(request.user, programme):
        if wanted is None:
            raise PermissionDenied(_("Name the company that answers."))
        return _participant(programme, wanted)
    if rules.is_reviewer(request.user, programme):
        raise PermissionDenied(NO_REQUESTS)
    company = rules.own_company(request.user)
    if company is None or inputs.participant_side(programme, company) is None:
        raise PermissionDenied(NOT_TAKING_PART)
    if wanted is not None and wanted != company.pk:
        raise Http404("Not your company.")
    return company


class RequestListView(ApiViewMixin, APIView):
    @_schema(
        summary="Meeting requests",
        operation_id="v1_programmes_requests_list",
        description="The requests the user may read: a company its own company's, staff and "
        "reviewers every one (?company= narrows to one company's).",
        parameters=[COMPANY, PAGE],
        responses=with_errors({200: page_of(MeetingRequestSerializer)}, 403, 404),
    )
    def get(self, request, slug: str):
        programme = _programme(request.user, slug)
        items = _readable_requests(request, programme)
        company = request.query_params.get("company", "")
        if company.isdigit():
            items = items.filter(company_id=int(company))
        return _page(request, self, items.order_by("company_id", "target_id"),
                     MeetingRequestSerializer)  # fmt: skip

    @_schema(
        summary="Answer about one company of the other side",
        description="Creates the request, or changes it if the company already answered about "
        "this target. Within the request window (staff: at any time).",
        request=MeetingRequestInputSerializer,
        responses=with_errors({201: MeetingRequestSerializer}, 400, 403, 404),
    )
    def post(self, request, slug: str):
        programme = _programme(request.user, slug)
        data = MeetingRequestInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        company = _answering_company(request, programme, values.get("company"))
        side = inputs.participant_side(programme, company)
        target = _participant(programme, values["target"],
                              "domestic" if side == "overseas" else "overseas")  # fmt: skip
        try:
            saved = inputs.meeting_request_save(
                programme, company=company, target=target, preference=values["preference"],
                note=values["note"], by=request.user,
            )  # fmt: skip
        except RequestsClosed as exc:
            raise _requests_closed(exc) from exc
        return Response(MeetingRequestSerializer(saved).data, status=status.HTTP_201_CREATED)


class RequestDetailView(ApiViewMixin, APIView):
    def _get(self, request, slug: str, pk: int) -> MeetingRequest:
        programme = _programme(request.user, slug)
        return get_object_or_404(_readable_requests(request, programme), pk=pk)

    def _writable(self, request, slug: str, pk: int) -> MeetingRequest:
        found = self._get(request, slug, pk)
        if not rules.can_answer_for(request.user, found.company):
            raise PermissionDenied(NO_REQUESTS)
        return found

    @_schema(
        summary="One meeting request",
        responses=with_errors({200: MeetingRequestSerializer}, 403, 404),
    )
    def get(self, request, slug: str, pk: int):
        return Response(MeetingRequestSerializer(self._get(request, slug, pk)).data)

    def _change(self, request, slug, pk, *, partial: bool):
        found = self._writable(request, slug, pk)
        data = MeetingRequestChangeSerializer(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if not partial and "preference" not in values:
            raise ValidationError({"preference": [_("This field is required.")]})
        try:
            saved = inputs.meeting_request_save(
                found.programme, company=found.company, target=found.target,
                preference=values.get("preference", found.preference),
                note=values.get("note", found.note if partial else ""), by=request.user,
            )  # fmt: skip
        except RequestsClosed as exc:
            raise _requests_closed(exc) from exc
        return Response(MeetingRequestSerializer(saved).data)

    @_schema(
        summary="Replace a meeting request's answer and note",
        request=MeetingRequestChangeSerializer,
        responses=with_errors({200: MeetingRequestSerializer}, 400, 403, 404),
    )
    def put(self, request, slug: str, pk: int):
        return self._change(request, slug, pk, partial=False)

    @_schema(
        summary="Change a meeting request's answer or note",
        request=MeetingRequestChangeSerializer,
        responses=with_errors({200: MeetingRequestSerializer}, 400, 403, 404),
    )
    def patch(self, request, slug: str, pk: int):
        return self._change(request, slug, pk, partial=True)

    @_schema(
        summary="Withdraw a meeting request",
        responses=with_errors({204: None}, 403, 404),
    )
    def delete(self, request, slug: str, pk: int):
        found = self._writable(request, slug, pk)
        try:
            inputs.meeting_request_delete(found, by=request.user)
        except RequestsClosed as exc:
            raise _requests_closed(exc) from exc
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- adviser pair scores and blocks -----------------------------------------------------------


def _pair_score_save(request, programme, *, overseas, domestic, **values):
    return inputs.pair_score_save(
        programme,
        overseas=_participant(programme, overseas, "overseas"),
        domestic=_participant(programme, domestic, "domestic"),
        by=request.user,
        **values,
    )


class PairScoreListView(ApiViewMixin, APIView):
    @_schema(
        summary="Adviser pair scores and blocks",
        operation_id="v1_programmes_pair_scores_list",
        parameters=[COMPANY, PAGE],
        responses=with_errors({200: page_of(PairScoreSerializer)}, 403, 404),
    )
    def get(self, request, slug: str):
        programme = _programme(request.user, slug, rules.can_read_pairs, PAIR_READERS)
        items = PairScore.objects.filter(programme=programme).select_related(
            "overseas", "domestic", "by__organisation"
        )
        company = request.query_params.get("company", "")
        if company.isdigit():
            items = items.filter(overseas_id=int(company)) | items.filter(domestic_id=int(company))
        return _page(request, self, items.order_by("overseas_id", "domestic_id"),
                     PairScoreSerializer)  # fmt: skip

    @_schema(
        summary="Score or block a pair (staff, advisers)",
        description="Sets the pair's adjustment and block with the reason (one row per pair: "
        "a second call changes it). Adjustment 0 and not blocked removes the row: 204.",
        request=PairScoreInputSerializer,
        responses=with_errors({201: PairScoreSerializer, 204: None}, 400, 403, 404),
    )
    def post(self, request, slug: str):
        programme = _programme(request.user, slug, rules.can_score_pairs, SCORERS)
        data = PairScoreInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = _pair_score_save(request, programme, **data.validated_data)
        if row is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(PairScoreSerializer(row).data, status=status.HTTP_201_CREATED)


class PairScoreDetailView(ApiViewMixin, APIView):
    def _get(self, request, slug, pk, allowed=rules.can_read_pairs, message=PAIR_READERS):
        programme = _programme(request.user, slug, allowed, message)
        return get_object_or_404(
            PairScore.objects.filter(programme=programme).select_related(
                "overseas", "domestic", "by__organisation", "programme"
            ),
            pk=pk,
        )

    @_schema(summary="One pair score", responses=with_errors({200: PairScoreSerializer}, 403, 404))
    def get(self, request, slug: str, pk: int):
        return Response(PairScoreSerializer(self._get(request, slug, pk)).data)

    def _change(self, request, slug, pk, *, partial: bool):
        found = self._get(request, slug, pk, rules.can_score_pairs, SCORERS)
        data = PairScoreChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        current = {} if not partial else {
            "adjustment": found.adjustment, "blocked": found.blocked,
            "reason_kind": found.reason_kind, "reason": found.reason,
        }  # fmt: skip
        row = _pair_score_save(
            request, found.programme, overseas=found.overseas_id, domestic=found.domestic_id,
            **{**current, **data.validated_data},
        )  # fmt: skip
        if row is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(PairScoreSerializer(row).data)

    @_schema(
        summary="Replace a pair score (staff, advisers)",
        request=PairScoreChangeSerializer,
        responses=with_errors({200: PairScoreSerializer, 204: None}, 400, 403, 404),
    )
    def put(self, request, slug: str, pk: int):
        return self._change(request, slug, pk, partial=False)

    @_schema(
        summary="Change part of a pair score (staff, advisers)",
        request=PairScoreChangeSerializer,
        responses=with_errors({200: PairScoreSerializer, 204: None}, 400, 403, 404),
    )
    def patch(self, request, slug: str, pk: int):
        return self._change(request, slug, pk, partial=True)


class BlockListView(ApiViewMixin, APIView):
    @_schema(
        summary="Blocked pairs",
        operation_id="v1_programmes_blocks_list",
        parameters=[PAGE],
        responses=with_errors({200: page_of(PairScoreSerializer)}, 403, 404),
    )
    def get(self, request, slug: str):
        programme = _programme(request.user, slug, rules.can_read_pairs, PAIR_READERS)
        items = PairScore.objects.filter(programme=programme, blocked=True).select_related(
            "overseas", "domestic", "by__organisation"
        )
        return _page(request, self, items.order_by("overseas_id", "domestic_id"),
                     PairScoreSerializer)  # fmt: skip

    @_schema(
        summary="Block a pair (staff, advisers)",
        description="The two companies never meet. An adjustment the pair had is kept.",
        request=BlockInputSerializer,
        responses=with_errors({201: PairScoreSerializer}, 400, 403, 404),
    )
    def post(self, request, slug: str):
        programme = _programme(request.user, slug, rules.can_score_pairs, SCORERS)
        data = BlockInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        current = PairScore.objects.filter(
            programme=programme, overseas_id=values["overseas"], domestic_id=values["domestic"]
        ).first()
        row = _pair_score_save(
            request, programme, overseas=values["overseas"], domestic=values["domestic"],
            adjustment=current.adjustment if current else 0, blocked=True,
            reason_kind=values["reason_kind"], reason=values["reason"],
        )  # fmt: skip
        return Response(PairScoreSerializer(row).data, status=status.HTTP_201_CREATED)


class PairListView(ApiViewMixin, APIView):
    @_schema(
        summary="The pair table",
        operation_id="v1_programmes_pairs_list",
        description="Every pair somebody asked for or an adviser scored: both sides' requests, "
        "the adviser's adjustment or block, the combined score and the terms it is the sum of "
        "(docs/scheduling.md, “Scores”). Best scores first, excluded pairs last.",
        parameters=[COMPANY, PAGE],
        responses=with_errors({200: page_of(PairRowSerializer)}, 403, 404),
    )
    def get(self, request, slug: str):
        programme = _programme(request.user, slug, rules.can_read_pairs, PAIR_READERS)
        rows = selectors.pair_table(programme)
        company = request.query_params.get("company", "")
        if company.isdigit():
            rows = [r for r in rows if int(company) in (r["overseas"].pk, r["domestic"].pk)]
        return _page(request, self, rows, PairRowSerializer)


# --- staff: attendance, absences, settings ----------------------------------------------------


class AttendanceListView(ApiViewMixin, APIView):
    @_schema(
        summary="Attendance of activities",
        operation_id="v1_programmes_attendance_list",
        parameters=[PAGE],
        responses=with_errors({200: page_of(AttendanceSerializer)}, 403, 404),
    )
    def get(self, request, slug: str):
        programme = _programme(request.user, slug, rules.can_read_availability)
        items = Attendance.objects.filter(activity__programme=programme).select_related("company")
        return _page(request, self, items.order_by("activity_id", "company_id"),
                     AttendanceSerializer)  # fmt: skip

    @_schema(
        summary="Record whether a company attends an activity (staff)",
        request=AttendanceInputSerializer,
        responses=with_errors({200: AttendanceResultSerializer}, 400, 403, 404),
    )
    def post(self, request, slug: str):
        programme = _programme(request.user, slug, rules.can_manage_scheduling)
        data = AttendanceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        activity = get_object_or_404(Activity, programme=programme, pk=values["activity"])
        company = _participant(programme, values["company"])
        changed = inputs.attendance_set(
            activity, company=company, attending=values["attending"], by=request.user
        )
        return Response({**values, "changed": changed})


class UnavailabilityListView(ApiViewMixin, APIView):
    @_schema(
        summary="Absences of companies",
        operation_id="v1_programmes_unavailability_list",
        parameters=[PAGE],
        responses=with_errors({200: page_of(UnavailabilitySerializer)}, 403, 404),
    )
    def get(self, request, slug: str):
        programme = _programme(request.user, slug, rules.can_read_availability)
        items = Unavailability.objects.filter(programme=programme).select_related("company")
        return _page(request, self, items.order_by("starts_at", "id"), UnavailabilitySerializer)

    @_schema(
        summary="Add a company's absence (staff)",
        request=UnavailabilityInputSerializer,
        responses=with_errors({201: UnavailabilitySerializer}, 400, 403, 404),
    )
    def post(self, request, slug: str):
        programme = _programme(request.user, slug, rules.can_manage_scheduling)
        data = UnavailabilityInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        absence = inputs.unavailability_add(
            programme, company=_participant(programme, values["company"]),
            starts_at=values["starts_at"], ends_at=values["ends_at"], reason=values["reason"],
            by=request.user,
        )  # fmt: skip
        return Response(UnavailabilitySerializer(absence).data, status=status.HTTP_201_CREATED)


class UnavailabilityDetailView(ApiViewMixin, APIView):
    @_schema(
        summary="One absence",
        responses=with_errors({200: UnavailabilitySerializer}, 403, 404),
    )
    def get(self, request, slug: str, pk: int):
        programme = _programme(request.user, slug, rules.can_read_availability)
        absence = get_object_or_404(
            Unavailability.objects.select_related("company"), programme=programme, pk=pk
        )
        return Response(UnavailabilitySerializer(absence).data)

    @_schema(summary="Withdraw an absence (staff)", responses=with_errors({204: None}, 403, 404))
    def delete(self, request, slug: str, pk: int):
        programme = _programme(request.user, slug, rules.can_manage_scheduling)
        absence = get_object_or_404(Unavailability, programme=programme, pk=pk)
        unavailability_delete(absence, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SchedulingSettingsView(ApiViewMixin, APIView):
    @_schema(
        summary="The programme's scheduling settings",
        responses=with_errors({200: SchedulingSettingsSerializer}, 403, 404),
    )
    def get(self, request, slug: str):
        programme = _programme(request.user, slug, rules.can_read_availability)
        return Response(SchedulingSettingsSerializer(SchedulingSettings.get_for(programme)).data)

    def _change(self, request, slug: str, *, partial: bool):
        programme = _programme(request.user, slug, rules.can_manage_scheduling)
        current = SchedulingSettings.get_for(programme)
        data = SchedulingSettingsSerializer(current, data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        with transaction.atomic():
            saved = scheduling_settings_save(programme, by=request.user, **data.validated_data)
        return Response(SchedulingSettingsSerializer(saved).data)

    @_schema(
        summary="Replace the scheduling settings (staff)",
        request=SchedulingSettingsSerializer,
        responses=with_errors({200: SchedulingSettingsSerializer}, 400, 403, 404),
    )
    def put(self, request, slug: str):
        return self._change(request, slug, partial=False)

    @_schema(
        summary="Change some scheduling settings (staff)",
        request=SchedulingSettingsSerializer,
        responses=with_errors({200: SchedulingSettingsSerializer}, 400, 403, 404),
    )
    def patch(self, request, slug: str):
        return self._change(request, slug, partial=True)


P = "programmes/<slug:slug>"

urlpatterns = [
    path(f"{P}/requests/", RequestListView.as_view(), name="request.list"),
    path(f"{P}/requests/<int:pk>/", RequestDetailView.as_view(), name="request.detail"),
    path(f"{P}/pair-scores/", PairScoreListView.as_view(), name="pair_score.list"),
    path(f"{P}/pair-scores/<int:pk>/", PairScoreDetailView.as_view(), name="pair_score.detail"),
    path(f"{P}/blocks/", BlockListView.as_view(), name="block.list"),
    path(f"{P}/pairs/", PairListView.as_view(), name="pair.list"),
    path(f"{P}/attendance/", AttendanceListView.as_view(), name="attendance.list"),
    path(f"{P}/unavailability/", UnavailabilityListView.as_view(), name="unavailability.list"),
    path(
        f"{P}/unavailability/<int:pk>/",
        UnavailabilityDetailView.as_view(),
        name="unavailability.detail",
    ),
    path(f"{P}/scheduling-settings/", SchedulingSettingsView.as_view(), name="scheduling_settings"),
]

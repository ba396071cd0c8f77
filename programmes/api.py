"""API endpoints for programmes, activities and venues.

Each view parses with a serializer, calls one selector or service, and responds. Reads are scoped
by programmes.selectors (a programme a user may not see answers 404); changes are for the users
programmes.rules allows (403 for the others). Service errors (ProgrammeError) come out as
400 {"detail", "code", "errors": {field: [...]}} through core.api.exception_handler.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from core.api_views import ApiViewMixin, with_errors
from core.serializers import JobSerializer

from . import selectors, services
from .models import Activity, Programme, Venue
from .rules import can_manage_programme
from .serializers import (
    ActivityFilterSerializer,
    ActivitySerializer,
    ActivitySlotsSerializer,
    ParticipantsSerializer,
    ProgrammeFilterSerializer,
    ProgrammeSerializer,
    ProgrammeTransitionSerializer,
    VenueSerializer,
)


def _require_manager(user, programme: Programme | None = None) -> None:
    if not can_manage_programme(user, programme):
        if programme is None:
            raise PermissionDenied(_("Only programme staff may do this."))
        raise PermissionDenied(_("Only programme staff may change this programme."))


@extend_schema(tags=["programmes"])
@extend_schema_view(
    list=extend_schema(
        summary="Programmes",
        parameters=[ProgrammeFilterSerializer],
        responses=with_errors({200: ProgrammeSerializer(many=True)}, 400),
    ),
    create=extend_schema(
        summary="Create a programme (programme staff)",
        responses=with_errors({201: ProgrammeSerializer}, 400, 403),
    ),
    retrieve=extend_schema(
        summary="One programme", responses=with_errors({200: ProgrammeSerializer}, 404)
    ),
    update=extend_schema(
        summary="Change a programme (programme staff)",
        responses=with_errors({200: ProgrammeSerializer}, 400, 403, 404),
    ),
    partial_update=extend_schema(
        summary="Change part of a programme (programme staff)",
        responses=with_errors({200: ProgrammeSerializer}, 400, 403, 404),
    ),
)
class ProgrammeViewSet(ApiViewMixin, viewsets.GenericViewSet):
    """Agency staff see and change every programme; everyone else sees the programmes they or
    their organisation were invited to. Programmes are not deleted: they end as "closed"."""

    serializer_class = ProgrammeSerializer
    queryset = Programme.objects.none()  # the schema's model; reads use the selector
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.programme_list_for_user(self.request.user)

    def _programme(self, slug: str, *, manage: bool = False) -> Programme:
        """The programme if the user may see it (else 404), and may change it (else 403)."""
        programme = selectors.programme_get_for_user(self.request.user, slug)
        if manage:
            _require_manager(self.request.user, programme)
        return programme

    def list(self, request):
        filters = ProgrammeFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        programmes = self.get_queryset().filter(**filters.validated_data)
        page = self.paginate_queryset(programmes)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def create(self, request):
        _require_manager(request.user)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        programme = services.programme_create(by=request.user, **serializer.validated_data)
        return Response(self.get_serializer(programme).data, status=status.HTTP_201_CREATED)

    def retrieve(self, request, slug: str):
        return Response(self.get_serializer(self._programme(slug)).data)

    def update(self, request, slug: str, partial: bool = False):
        programme = self._programme(slug, manage=True)
        serializer = self.get_serializer(programme, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        programme = services.programme_update(
            programme, by=request.user, **serializer.validated_data
        )
        return Response(self.get_serializer(programme).data)

    def partial_update(self, request, slug: str):
        return self.update(request, slug, partial=True)

    @extend_schema(
        summary="Move a programme to another status (programme staff)",
        description="One step on, or one step back to correct a mistake; `closed` is final. "
        "The programme's `allowed_transitions` lists the statuses it may move to. The step back "
        "to `draft` closes the public application form and needs `confirm: true` (code "
        "`confirmation_required` otherwise).",
        request=ProgrammeTransitionSerializer,
        responses=with_errors({200: ProgrammeSerializer}, 400, 403, 404),
    )
    def transition(self, request, slug: str):
        programme = self._programme(slug, manage=True)
        serializer = ProgrammeTransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        programme = services.programme_transition(
            programme,
            to=serializer.validated_data["status"],
            by=request.user,
            confirmed=serializer.validated_data["confirm"],
        )
        return Response(self.get_serializer(programme).data)

    @extend_schema(
        summary="Invited organisations and people (programme staff)",
        responses=with_errors({200: ParticipantsSerializer}, 403, 404),
    )
    def participants(self, request, slug: str):
        programme = self._programme(slug, manage=True)
        serializer = ParticipantsSerializer(
            selectors.participants(programme), context=self.get_serializer_context()
        )
        return Response(serializer.data)

    @extend_schema(
        summary="Start a workbook export",
        description="Starts a background job that builds the programme's workbook (activities "
        "and meeting slots); poll /api/v1/jobs/{id}/ for its progress and download link.",
        request=None,
        responses=with_errors({202: JobSerializer}, 404),
    )
    def export(self, request, slug: str):
        programme = self._programme(slug)
        job = services.programme_export_start(programme, by=request.user)
        return Response(
            JobSerializer(job, context=self.get_serializer_context()).data,
            status=status.HTTP_202_ACCEPTED,
        )


@extend_schema(tags=["activities"])
@extend_schema_view(
    list=extend_schema(
        summary="Activities",
        parameters=[ActivityFilterSerializer],
        responses=with_errors({200: ActivitySerializer(many=True)}, 400),
    ),
    create=extend_schema(
        summary="Add an activity to a programme (programme staff)",
        description="Business-meeting sessions get `tables` tables (default 1) and meeting "
        "slots from `meeting_minutes`, `break_minutes` and `meetings_per_day`. The activity "
        "must lie within the programme's days and not overlap another at the same venue; a "
        "session must start and end on one day, and its meetings must fit between its start "
        "and end. Times without an offset are read in the programme's time zone.",
        responses=with_errors({201: ActivitySerializer}, 400, 403),
    ),
    retrieve=extend_schema(
        summary="One activity", responses=with_errors({200: ActivitySerializer}, 404)
    ),
    update=extend_schema(
        summary="Change an activity (programme staff)",
        description="The programme cannot be changed. Times without an offset are read in "
        "the programme's time zone.",
        responses=with_errors({200: ActivitySerializer}, 400, 403, 404),
    ),
    partial_update=extend_schema(
        summary="Change part of an activity (programme staff)",
        description="The programme cannot be changed. Times without an offset are read in "
        "the programme's time zone.",
        responses=with_errors({200: ActivitySerializer}, 400, 403, 404),
    ),
    destroy=extend_schema(
        summary="Delete an activity (programme staff)",
        responses=with_errors({204: None}, 403, 404),
    ),
)
class ActivityViewSet(ApiViewMixin, viewsets.GenericViewSet):
    """Activities (business-meeting sessions, company visits, seminars, receptions...) of the
    programmes the user may see, in time order. Times are answered in UTC and in the
    programme's own time zone."""

    serializer_class = ActivitySerializer
    queryset = Activity.objects.none()  # the schema's model; reads use the selector

    def get_queryset(self):
        return selectors.activity_list_for_user(self.request.user)

    def _activity(self, pk: int, *, manage: bool = False) -> Activity:
        """The activity if the user may see its programme (else 404), and change it (else 403)."""
        activity = selectors.activity_get_for_user(self.request.user, pk)
        if manage:
            _require_manager(self.request.user, activity.programme)
        return activity

    def list(self, request):
        filters = ActivityFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        activities = self.get_queryset()
        if "programme" in filters.validated_data:
            activities = activities.filter(programme__slug=filters.validated_data["programme"])
        page = self.paginate_queryset(activities)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def create(self, request):
        _require_manager(request.user)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        programme = fields.pop("programme")
        _require_manager(request.user, programme)
        activity = services.activity_create(
            programme, by=request.user, tables=fields.pop("tables", None), **fields
        )
        return Response(self.get_serializer(activity).data, status=status.HTTP_201_CREATED)

    def retrieve(self, request, pk: int):
        return Response(self.get_serializer(self._activity(pk)).data)

    def update(self, request, pk: int, partial: bool = False):
        activity = self._activity(pk, manage=True)
        serializer = self.get_serializer(activity, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        activity = services.activity_update(
            activity, by=request.user, tables=fields.pop("tables", None), **fields
        )
        return Response(self.get_serializer(activity).data)

    def partial_update(self, request, pk: int):
        return self.update(request, pk, partial=True)

    def destroy(self, request, pk: int):
        services.activity_delete(self._activity(pk, manage=True), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="The tables and meeting slots of a business-meeting session",
        description="Slots in UTC and in the programme's time zone; both lists are empty for "
        "other kinds of activity.",
        responses=with_errors({200: ActivitySlotsSerializer}, 404),
    )
    def slots(self, request, pk: int):
        return Response(ActivitySlotsSerializer.for_activity(self._activity(pk)).data)


@extend_schema(tags=["venues"])
@extend_schema_view(
    list=extend_schema(summary="Venues"),
    create=extend_schema(
        summary="Add a venue (programme staff)",
        description="A venue is known by its name and city: when the city already has a venue "
        "of that name, that venue is answered (200) instead of a new one (201).",
        responses=with_errors({201: VenueSerializer, 200: VenueSerializer}, 400, 403),
    ),
)
class VenueViewSet(ApiViewMixin, viewsets.GenericViewSet):
    """Places where activities happen. Every signed-in user may list them."""

    serializer_class = VenueSerializer
    queryset = Venue.objects.none()  # the schema's model; reads use the selector

    def get_queryset(self):
        return selectors.venue_list()

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def create(self, request):
        _require_manager(request.user)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        name, city = serializer.validated_data["name"], serializer.validated_data["city"]
        existed = self.get_queryset().filter(name=name, city=city).exists()
        venue = services.venue_get_or_create(name=name, city=city, by=request.user)
        return Response(
            self.get_serializer(venue).data,
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )

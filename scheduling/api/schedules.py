"""API: schedule runs, schedules, their meetings and repair, under /api/v1/programmes/<slug>/.

    schedule-runs/                         GET the latest runs, POST start one {time_limit}
                                           (202: queued as a job; refused with the reason, 400)
    schedule-runs/<id>/                    GET its status, progress, message, draft
    schedules/                             GET every schedule with its quality
    schedules/compare/?a=ID&b=ID           GET two schedules' quality and the pairs they share
    schedules/<id>/                        GET one with its quality
    schedules/<id>/publish/                POST publish a draft (e-mails every participant)
    schedules/<id>/meetings/               GET its meetings, POST add one {overseas, domestic,
                                           slot, table?}
    schedules/<id>/meetings/swap/          POST {first, second}: exchange their slots
    schedules/<id>/meetings/<id>/          GET, PATCH {slot, table} move / {status} mark
    schedules/<id>/meetings/<id>/cancel/   POST
    schedules/<id>/meetings/<id>/no-show/  POST
    schedules/<id>/absences/               POST {company, session, arrives_at?}: a company
                                           cancelled for a session's day or arriving late
    schedules/<id>/interpreter-absences/   POST {interpreter, starts_at, ends_at, replacement?}:
                                           an interpreter cannot come (their meetings in the
                                           window go to the replacement, or need one)
    schedules/<id>/repair/preview/         POST: the meetings a repair changes (nothing saved)
                                           and the token that confirms exactly those
    schedules/<id>/repair/confirm/         POST {token}

Who: staff everything; the programme's reviewers read (GET) and change nothing (403); the other
participants 403 (a counterpart reads its companies' agendas instead); a programme the user
cannot see, 404. A refused edit answers 400 with the rule in "detail" and every broken rule in
errors.rules; a double booking that only the database caught, code "conflict". Times are UTC.
"""

from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from companies.models import Company
from core.api_views import ApiViewMixin, with_errors
from programmes.models import Programme
from programmes.selectors import programme_get_for_user

from .. import selectors, services
from ..models import Meeting, Schedule, ScheduleRun
from ..services import interpreters
from ..services import meetings as edits
from ..services import repair as repairs
from ..views.schedules import can_manage_schedules, can_read_schedules, quality_view

READERS = _("Only the programme's staff and reviewers read its schedules.")
MANAGERS = _("Only programme staff of the implementing agency change schedules.")


def _schema(**kwargs):
    return extend_schema(tags=["schedules"], **kwargs)


def _programme(request, slug: str, *, manage: bool = False) -> Programme:
    programme = programme_get_for_user(request.user, slug)
    if not can_read_schedules(request.user, programme):
        raise PermissionDenied(READERS)
    if manage and not can_manage_schedules(request.user, programme):
        raise PermissionDenied(MANAGERS)
    return programme


def _schedule(programme: Programme, pk: int) -> Schedule:
    return get_object_or_404(selectors.schedule_list(programme), pk=pk)


# --- serializers ----------------------------------------------------------------------------------


class SpreadSerializer(serializers.Serializer):
    min = serializers.IntegerField()
    mean = serializers.FloatField()
    max = serializers.IntegerField()


class PerCompanySerializer(serializers.Serializer):
    overseas = SpreadSerializer(required=False)
    domestic = SpreadSerializer(required=False)


class CompanyReasonSerializer(serializers.Serializer):
    company = serializers.CharField(help_text="The company's code (country-id).")
    name = serializers.CharField(required=False)
    why = serializers.CharField(help_text="The reason code (scheduling/texts.py).")
    why_text = serializers.CharField()
    meetings = serializers.IntegerField(required=False)
    minimum = serializers.IntegerField(required=False)


class UnmetMustSerializer(serializers.Serializer):
    by = serializers.CharField()
    overseas = serializers.CharField()
    domestic = serializers.CharField()
    overseas_name = serializers.CharField(required=False)
    domestic_name = serializers.CharField(required=False)
    why = serializers.CharField()
    why_text = serializers.CharField()


class QualitySerializer(serializers.Serializer):
    status = serializers.CharField(required=False)
    objective = serializers.FloatField(required=False)
    upper_bound = serializers.FloatField(required=False)
    ratio = serializers.FloatField(required=False, allow_null=True)
    meetings = serializers.IntegerField(required=False)
    per_company = PerCompanySerializer()
    no_meeting = CompanyReasonSerializer(many=True)
    under_minimum = CompanyReasonSerializer(many=True)
    unmet_must = UnmetMustSerializer(many=True)


class ScheduleSerializer(serializers.ModelSerializer):
    status = serializers.CharField(help_text="draft, published or superseded.")
    quality = serializers.SerializerMethodField()
    run = serializers.IntegerField(source="run_id", allow_null=True)

    class Meta:
        model = Schedule
        fields = ["id", "label", "status", "run", "created_at", "published_at", "quality"]

    @extend_schema_field(QualitySerializer)
    def get_quality(self, schedule) -> dict:
        return QualitySerializer(quality_view(schedule)).data


class RunSerializer(serializers.ModelSerializer):
    status = serializers.CharField(help_text="queued, running, succeeded or failed.")
    job = serializers.IntegerField(source="job_id", allow_null=True)
    schedule = serializers.IntegerField(source="schedule_id", allow_null=True)
    progress = serializers.SerializerMethodField()

    class Meta:
        model = ScheduleRun
        fields = [
            "id", "status", "time_limit", "message", "job", "progress", "schedule",
            "created_at", "started_at", "finished_at", "timings",
        ]  # fmt: skip

    def get_progress(self, run) -> int | None:
        return run.job.percent if run.job_id else None


class RunInputSerializer(serializers.Serializer):
    time_limit = serializers.IntegerField(
        min_value=1, max_value=services.MAX_TIME_LIMIT, default=60
    )


class MeetingSerializer(serializers.ModelSerializer):
    status = serializers.CharField(help_text="planned, held, cancelled or no_show.")
    origin = serializers.CharField(help_text="optimiser, manual or repair.")
    overseas = serializers.IntegerField(source="overseas_id")
    overseas_name = serializers.CharField(source="overseas.legal_name")
    domestic = serializers.IntegerField(source="domestic_id")
    domestic_name = serializers.CharField(source="domestic.legal_name")
    session = serializers.IntegerField(source="activity_id")
    table = serializers.IntegerField(source="table.number")
    interpreter = serializers.IntegerField(source="interpreter_id", allow_null=True)
    adviser = serializers.IntegerField(source="adviser_id", allow_null=True)

    class Meta:
        model = Meeting
        fields = [
            "id", "overseas", "overseas_name", "domestic", "domestic_name", "session", "table",
            "slot", "starts_at", "ends_at", "interpreter", "adviser", "status", "origin", "score",
        ]  # fmt: skip


class MeetingAddSerializer(serializers.Serializer):
    overseas = serializers.IntegerField()
    domestic = serializers.IntegerField()
    slot = serializers.IntegerField(min_value=0)
    table = serializers.IntegerField(min_value=1, required=False, allow_null=True)


class MeetingChangeSerializer(serializers.Serializer):
    slot = serializers.IntegerField(min_value=0, required=False)
    table = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    status = serializers.CharField(required=False, help_text="planned, held, cancelled or no_show.")

    def validate(self, attrs):
        if "status" in attrs and ("slot" in attrs or "table" in attrs):
            raise ValidationError({"status": [_("Change the status or move, not both at once.")]})
        if not attrs:
            raise ValidationError({"slot": [_("Give a slot (and table) or a status.")]})
        return attrs


class SwapSerializer(serializers.Serializer):
    first = serializers.IntegerField()
    second = serializers.IntegerField()


class AbsenceSerializer(serializers.Serializer):
    company = serializers.IntegerField()
    session = serializers.IntegerField()
    arrives_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text="Empty: cancelled for the session's day."
    )
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class AbsenceResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    company = serializers.IntegerField(source="company_id")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    reason = serializers.CharField()


class InterpreterAbsenceSerializer(serializers.Serializer):
    interpreter = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    replacement = serializers.IntegerField(
        required=False, allow_null=True, help_text="Table mode: who takes the meetings."
    )
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class InterpreterAbsenceResultSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="absence.pk")
    interpreter = serializers.IntegerField(source="absence.interpreter_id")
    starts_at = serializers.DateTimeField(source="absence.starts_at")
    ends_at = serializers.DateTimeField(source="absence.ends_at")
    reason = serializers.CharField(source="absence.reason")
    replaced = serializers.SerializerMethodField(help_text="Meetings the replacement took.")
    needs_interpreter = serializers.SerializerMethodField(
        help_text="Meetings left without an interpreter."
    )

    def get_replaced(self, result) -> list[int]:
        return [m.pk for m in result["replaced"]]

    def get_needs_interpreter(self, result) -> list[int]:
        return [m.pk for m in result["unassigned"]]


class ChangeSerializer(serializers.Serializer):
    kind = serializers.CharField(
        help_text="moved, interpreter (same slot and table, another interpreter), removed or added."
    )
    meeting = serializers.IntegerField(source="meeting.pk", allow_null=True, default=None)
    overseas = serializers.IntegerField(source="overseas.pk")
    domestic = serializers.IntegerField(source="domestic.pk")
    slot = serializers.IntegerField(allow_null=True)
    table = serializers.IntegerField(source="table.number", allow_null=True, default=None)
    starts_at = serializers.DateTimeField(allow_null=True)


class CountsSerializer(serializers.Serializer):
    kept = serializers.IntegerField(required=False)
    moved = serializers.IntegerField()
    interpreter = serializers.IntegerField(
        required=False, help_text="Meetings kept in place with another interpreter."
    )
    removed = serializers.IntegerField()
    added = serializers.IntegerField()


class PreviewSerializer(serializers.Serializer):
    counts = CountsSerializer()
    objective = serializers.FloatField()
    upper_bound = serializers.FloatField()
    changes = ChangeSerializer(many=True)
    token = serializers.CharField(help_text="POST it to repair/confirm/ to save these changes.")


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class CompareSerializer(serializers.Serializer):
    a = ScheduleSerializer()
    b = ScheduleSerializer()
    common = serializers.IntegerField(help_text="Pairs that meet in both.")
    only_a = serializers.IntegerField()
    only_b = serializers.IntegerField()


# --- runs -----------------------------------------------------------------------------------------


class RunListView(ApiViewMixin, APIView):
    @_schema(
        summary="Schedule runs",
        description="The programme's latest 50 runs, newest first.",
        responses=with_errors({200: RunSerializer(many=True)}, 403, 404),
    )
    def get(self, request, slug: str):
        programme = _programme(request, slug)
        services.schedule_runs_expire(programme)
        runs = ScheduleRun.objects.filter(programme=programme).select_related("job")[:50]
        return Response(RunSerializer(runs, many=True).data)

    @_schema(
        summary="Start a schedule run",
        description="Queues the run as a background job (202). A programme that cannot be "
        "scheduled is refused with the reason (400) and nothing is queued.",
        request=RunInputSerializer,
        responses=with_errors({202: RunSerializer}, 400, 403, 404),
    )
    def post(self, request, slug: str):
        programme = _programme(request, slug, manage=True)
        data = RunInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        run = services.schedule_run_start(
            programme, by=request.user, time_limit=data.validated_data["time_limit"]
        )
        return Response(RunSerializer(run).data, status=status.HTTP_202_ACCEPTED)


class RunDetailView(ApiViewMixin, APIView):
    @_schema(
        summary="One schedule run",
        responses=with_errors({200: RunSerializer}, 403, 404),
    )
    def get(self, request, slug: str, pk: int):
        programme = _programme(request, slug)
        run = get_object_or_404(
            ScheduleRun.objects.filter(programme=programme).select_related("job"), pk=pk
        )
        return Response(RunSerializer(run).data)


# --- schedules ------------------------------------------------------------------------------------


class ScheduleListView(ApiViewMixin, APIView):
    @_schema(
        summary="Schedules",
        description="Every draft, published and superseded schedule, with its quality.",
        responses=with_errors({200: ScheduleSerializer(many=True)}, 403, 404),
    )
    def get(self, request, slug: str):
        programme = _programme(request, slug)
        return Response(ScheduleSerializer(selectors.schedule_list(programme), many=True).data)


class ScheduleDetailView(ApiViewMixin, APIView):
    @_schema(summary="One schedule", responses=with_errors({200: ScheduleSerializer}, 403, 404))
    def get(self, request, slug: str, pk: int):
        programme = _programme(request, slug)
        return Response(ScheduleSerializer(_schedule(programme, pk)).data)


def _pairs(schedule: Schedule) -> set:
    return set(
        schedule.meetings.filter(status__in=["planned", "held"]).values_list(
            "overseas_id", "domestic_id"
        )
    )


class ScheduleCompareView(ApiViewMixin, APIView):
    @_schema(
        summary="Compare two schedules",
        parameters=[
            OpenApiParameter("a", int, required=True, description="One schedule's id."),
            OpenApiParameter("b", int, required=True, description="The other's."),
        ],
        responses=with_errors({200: CompareSerializer}, 400, 403, 404),
    )
    def get(self, request, slug: str):
        programme = _programme(request, slug)
        try:
            a, b = (int(request.query_params[k]) for k in ("a", "b"))
        except (KeyError, ValueError):
            raise ValidationError({"a": [_("Give two schedule ids, a and b.")]}) from None
        first, second = _schedule(programme, a), _schedule(programme, b)
        pa, pb = _pairs(first), _pairs(second)
        return Response(
            CompareSerializer(
                {
                    "a": first,
                    "b": second,
                    "common": len(pa & pb),
                    "only_a": len(pa - pb),
                    "only_b": len(pb - pa),
                }  # fmt: skip
            ).data
        )


class SchedulePublishView(ApiViewMixin, APIView):
    @_schema(
        summary="Publish a draft",
        description="The draft becomes the programme's schedule (the published one, if any, is "
        "superseded) and every participant is e-mailed a link to their agenda.",
        request=None,
        responses=with_errors({200: ScheduleSerializer}, 400, 403, 404),
    )
    def post(self, request, slug: str, pk: int):
        programme = _programme(request, slug, manage=True)
        schedule = services.schedule_publish(_schedule(programme, pk), by=request.user)
        return Response(ScheduleSerializer(schedule).data)


# --- meetings -------------------------------------------------------------------------------------


class MeetingListView(ApiViewMixin, APIView):
    @_schema(
        summary="A schedule's meetings",
        responses=with_errors({200: MeetingSerializer(many=True)}, 403, 404),
    )
    def get(self, request, slug: str, pk: int):
        programme = _programme(request, slug)
        meetings = selectors.meeting_list(_schedule(programme, pk))
        return Response(MeetingSerializer(meetings, many=True).data)

    @_schema(
        summary="Add a meeting by hand",
        description="At the overseas company's table unless `table` says otherwise. Every rule "
        "is checked; a refusal says which (400), nothing saved.",
        request=MeetingAddSerializer,
        responses=with_errors({201: MeetingSerializer}, 400, 403, 404),
    )
    def post(self, request, slug: str, pk: int):
        programme = _programme(request, slug, manage=True)
        schedule = _schedule(programme, pk)
        data = MeetingAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        meeting = edits.meeting_add(
            schedule,
            overseas=get_object_or_404(Company, pk=values["overseas"]),
            domestic=get_object_or_404(Company, pk=values["domestic"]),
            slot=values["slot"],
            table_number=values.get("table"),
            by=request.user,
        )
        return Response(MeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)


class MeetingSwapView(ApiViewMixin, APIView):
    @_schema(
        summary="Swap the slots of two meetings",
        request=SwapSerializer,
        responses=with_errors({200: MeetingSerializer(many=True)}, 400, 403, 404),
    )
    def post(self, request, slug: str, pk: int):
        programme = _programme(request, slug, manage=True)
        schedule = _schedule(programme, pk)
        data = SwapSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        first = get_object_or_404(schedule.meetings.all(), pk=data.validated_data["first"])
        second = get_object_or_404(schedule.meetings.all(), pk=data.validated_data["second"])
        pair = edits.meeting_swap(first, second, by=request.user)
        return Response(MeetingSerializer(list(pair), many=True).data)


def _meeting(request, slug: str, pk: int, meeting: int, *, manage: bool = False) -> Meeting:
    programme = _programme(request, slug, manage=manage)
    schedule = _schedule(programme, pk)
    return get_object_or_404(
        schedule.meetings.select_related("overseas", "domestic", "table"), pk=meeting
    )


class MeetingDetailView(ApiViewMixin, APIView):
    @_schema(summary="One meeting", responses=with_errors({200: MeetingSerializer}, 403, 404))
    def get(self, request, slug: str, pk: int, meeting: int):
        return Response(MeetingSerializer(_meeting(request, slug, pk, meeting)).data)

    @_schema(
        summary="Move a meeting, or mark it",
        description="`slot` (and `table`): move it, every rule checked. `status`: held, "
        "no_show, cancelled, or planned again (checked like a move).",
        request=MeetingChangeSerializer,
        responses=with_errors({200: MeetingSerializer}, 400, 403, 404),
    )
    def patch(self, request, slug: str, pk: int, meeting: int):
        found = _meeting(request, slug, pk, meeting, manage=True)
        data = MeetingChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if "status" in values:
            found = edits.meeting_mark(found, status=values["status"], by=request.user)
        else:
            found = edits.meeting_move(
                found,
                slot=values.get("slot", found.slot),
                table_number=values.get("table"),
                by=request.user,
            )
        return Response(MeetingSerializer(found).data)


def _mark_view(status_value: str, summary: str):
    class MarkView(ApiViewMixin, APIView):
        @_schema(
            summary=summary,
            request=None,
            responses=with_errors({200: MeetingSerializer}, 400, 403, 404),
            operation_id=f"v1_programmes_schedules_meetings_{status_value}",
        )
        def post(self, request, slug: str, pk: int, meeting: int):
            found = _meeting(request, slug, pk, meeting, manage=True)
            found = edits.meeting_mark(found, status=status_value, by=request.user)
            return Response(MeetingSerializer(found).data)

    MarkView.__name__ = f"Meeting{status_value.title().replace('_', '')}View"
    return MarkView


MeetingCancelView = _mark_view(Meeting.Status.CANCELLED, "Cancel a meeting")
MeetingNoShowView = _mark_view(Meeting.Status.NO_SHOW, "Mark a meeting a no-show")


# --- the day itself -------------------------------------------------------------------------------


class AbsenceView(ApiViewMixin, APIView):
    @_schema(
        summary="A company cancelled for a day, or arriving late",
        description="Recorded as the company's unavailability; preview a repair next.",
        request=AbsenceSerializer,
        responses=with_errors({201: AbsenceResultSerializer}, 400, 403, 404),
    )
    def post(self, request, slug: str, pk: int):
        programme = _programme(request, slug, manage=True)
        _schedule(programme, pk)
        data = AbsenceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        away = repairs.company_absence_add(
            programme,
            get_object_or_404(Company, pk=values["company"]),
            session=get_object_or_404(programme.activities.all(), pk=values["session"]),
            arrives_at=values.get("arrives_at"),
            reason=values["reason"],
            by=request.user,
        )
        return Response(AbsenceResultSerializer(away).data, status=status.HTTP_201_CREATED)


class InterpreterAbsenceView(ApiViewMixin, APIView):
    @_schema(
        summary="An interpreter cannot come",
        description="Recorded as the interpreter's unavailability. Table mode: their planned "
        "meetings in the window go to the replacement (refused with the rule, nothing saved, "
        "if the replacement is busy or away then), or are left needing an interpreter. Pool "
        "mode: another free interpreter of the pool takes them where possible; preview a "
        "repair next.",
        request=InterpreterAbsenceSerializer,
        responses=with_errors({201: InterpreterAbsenceResultSerializer}, 400, 403, 404),
    )
    def post(self, request, slug: str, pk: int):
        programme = _programme(request, slug, manage=True)
        schedule = _schedule(programme, pk)
        data = InterpreterAbsenceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        people = interpreters.programme_interpreters(programme)
        replacement = values.get("replacement")
        result = interpreters.interpreter_absence_add(
            schedule,
            interpreter=get_object_or_404(people, pk=values["interpreter"]),
            starts_at=values["starts_at"],
            ends_at=values["ends_at"],
            replacement=get_object_or_404(people, pk=replacement) if replacement else None,
            reason=values["reason"],
            by=request.user,
        )
        return Response(
            InterpreterAbsenceResultSerializer(result).data, status=status.HTTP_201_CREATED
        )


class RepairPreviewView(ApiViewMixin, APIView):
    @_schema(
        summary="Preview a repair",
        description="Re-plans the rest of the schedule (held meetings and started slots stay) "
        "and lists exactly the meetings that change. Nothing is saved.",
        request=None,
        responses=with_errors({200: PreviewSerializer}, 400, 403, 404),
    )
    def post(self, request, slug: str, pk: int):
        programme = _programme(request, slug, manage=True)
        preview = repairs.repair_preview(_schedule(programme, pk))
        return Response(PreviewSerializer(preview).data)


class RepairConfirmView(ApiViewMixin, APIView):
    @_schema(
        summary="Save a previewed repair",
        description="Applies exactly the previewed changes in one transaction, if the schedule "
        "has not changed since (else 400, code stale); tells only the participants whose "
        "agenda changed.",
        request=TokenSerializer,
        responses=with_errors({200: CountsSerializer}, 400, 403, 404),
    )
    def post(self, request, slug: str, pk: int):
        programme = _programme(request, slug, manage=True)
        schedule = _schedule(programme, pk)
        data = TokenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        counts = repairs.repair_confirm(
            schedule, token=data.validated_data["token"], by=request.user
        )
        return Response(CountsSerializer(counts).data)


P = "programmes/<slug:slug>"
S = f"{P}/schedules/<int:pk>"
urlpatterns = [
    path(f"{P}/schedule-runs/", RunListView.as_view(), name="schedule_run.list"),
    path(f"{P}/schedule-runs/<int:pk>/", RunDetailView.as_view(), name="schedule_run.detail"),
    path(f"{P}/schedules/", ScheduleListView.as_view(), name="schedule.list"),
    path(f"{P}/schedules/compare/", ScheduleCompareView.as_view(), name="schedule.compare"),
    path(f"{S}/", ScheduleDetailView.as_view(), name="schedule.detail"),
    path(f"{S}/publish/", SchedulePublishView.as_view(), name="schedule.publish"),
    path(f"{S}/meetings/", MeetingListView.as_view(), name="meeting.list"),
    path(f"{S}/meetings/swap/", MeetingSwapView.as_view(), name="meeting.swap"),
    path(f"{S}/meetings/<int:meeting>/", MeetingDetailView.as_view(), name="meeting.detail"),
    path(f"{S}/meetings/<int:meeting>/cancel/", MeetingCancelView.as_view(), name="meeting.cancel"),
    path(
        f"{S}/meetings/<int:meeting>/no-show/", MeetingNoShowView.as_view(), name="meeting.no_show"
    ),
    path(f"{S}/absences/", AbsenceView.as_view(), name="schedule.absence"),
    path(
        f"{S}/interpreter-absences/",
        InterpreterAbsenceView.as_view(),
        name="schedule.interpreter_absence",
    ),
    path(f"{S}/repair/preview/", RepairPreviewView.as_view(), name="repair.preview"),
    path(f"{S}/repair/confirm/", RepairConfirmView.as_view(), name="repair.confirm"),
]

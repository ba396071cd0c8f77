"""API: one agenda as JSON, with the links to its PDF and iCalendar file.

    GET /api/v1/programmes/<slug>/agenda/<company|interpreter|adviser|table>/<key>/
        [?schedule=ID (staff)] [?lang=en|ja|ru]

The same agenda and the same rules as the pages (scheduling/agendas.py): staff and reviewers
read every agenda, a company its own, an interpreter or adviser their own, a counterpart its
companies'; anyone else 404. Times are ISO 8601 in the programme's time zone (with its offset).
"""

from contextlib import nullcontext

from django.urls import path, reverse
from django.utils import translation
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api_views import ApiViewMixin, with_errors
from programmes.selectors import programme_get_for_user

from . import agendas
from .agenda_files import meeting_uid
from .views_agendas import LANGUAGES


class PartySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="company.pk")
    name = serializers.CharField()
    side = serializers.ChoiceField(choices=["overseas", "domestic"])
    country = serializers.CharField()
    sector = serializers.CharField()
    industries = serializers.ListField(child=serializers.CharField())
    profile = serializers.CharField()
    asks = serializers.CharField(help_text="What this company asked for the meeting, if anything.")
    note = serializers.CharField()


class EntrySerializer(serializers.Serializer):
    uid = serializers.SerializerMethodField(help_text="The iCalendar UID of the meeting.")
    meeting = serializers.IntegerField(source="meeting.pk")
    starts_at = serializers.SerializerMethodField(help_text="Local time, with its offset.")
    ends_at = serializers.SerializerMethodField()
    table = serializers.IntegerField(source="table.number")
    session = serializers.CharField(source="session.display_title")
    venue = serializers.CharField(source="venue.name")
    city = serializers.CharField(source="venue.city")
    parties = PartySerializer(many=True)
    your_request = serializers.CharField(source="own_asks")
    interpreter = serializers.CharField()
    adviser = serializers.CharField()
    status = serializers.CharField(source="meeting.status")

    def get_uid(self, entry) -> str:
        return meeting_uid(entry)

    def get_starts_at(self, entry) -> str:
        return entry.starts.isoformat()

    def get_ends_at(self, entry) -> str:
        return entry.ends.isoformat()


class AgendaSerializer(serializers.Serializer):
    programme = serializers.CharField(source="programme.slug")
    time_zone = serializers.CharField(source="programme.time_zone")
    schedule = serializers.IntegerField(source="schedule.pk", allow_null=True, default=None)
    draft = serializers.BooleanField(source="is_draft")
    kind = serializers.CharField(source="subject.kind")
    key = serializers.IntegerField(source="subject.key")
    name = serializers.CharField(source="subject.name")
    meetings = EntrySerializer(source="entries", many=True)
    links = serializers.SerializerMethodField()

    def get_links(self, agenda) -> dict:
        kind, args = agenda.subject.kind, [agenda.programme.slug, agenda.subject.key]
        request = self.context["request"]
        return {
            form or "page": request.build_absolute_uri(
                reverse(f"scheduling:agenda.{kind}{'.' + form if form else ''}", args=args)
            )
            for form in ("", "pdf", "ics")
        }


class AgendaView(ApiViewMixin, APIView):
    @extend_schema(
        tags=["agendas"],
        summary="One agenda: a company's, an interpreter's, an adviser's or a table's",
        description="The meetings of the programme's published schedule (staff: `schedule`, "
        "any schedule of the programme), in time order, with the partners' short profiles and "
        "links to the PDF and the iCalendar file. 404 for an agenda the user may not read.",
        parameters=[
            OpenApiParameter("schedule", int, description="Staff: another schedule's id."),
            OpenApiParameter("lang", str, enum=sorted(LANGUAGES), description="Language."),
        ],
        responses=with_errors({200: AgendaSerializer}, 404),
    )
    def get(self, request, slug: str, kind: str, key: int):
        programme = programme_get_for_user(request.user, slug)
        subject = agendas.agenda_subject_for_user(request.user, programme, kind, key)
        schedule = agendas.agenda_schedule(
            request.user, programme, request.query_params.get("schedule")
        )
        language = request.query_params.get("lang")
        chosen = translation.override(language) if language in LANGUAGES else nullcontext()
        with chosen:
            agenda = agendas.agenda_build(programme, schedule, subject)
            data = AgendaSerializer(agenda, context={"request": request}).data
        return Response(data)


urlpatterns = [
    path(
        "programmes/<slug:slug>/agenda/<str:kind>/<int:key>/",
        AgendaView.as_view(),
        name="agenda.detail",
    ),
]

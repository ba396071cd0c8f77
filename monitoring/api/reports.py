"""API: ministry reports under /api/v1/reports/.

    reports/                 GET the reports the user may read (newest first);
                             POST {scope, programme?, date_from?, date_to?, kind?, country?,
                             language}: staff request a report (201, queued)
    reports/<id>/            GET one report (status, progress, pages, what it covers)
    reports/<id>/download/   GET the PDF (as an attachment) once ready

Who: staff everything; a ministry reviewer reads and downloads the reports whose programmes
they may all read (others 404) and requests nothing (403); everyone else 403; anonymous 401.
Times are UTC."""

from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api_views import DOWNLOAD, ApiViewMixin, FileDownloadView, with_errors
from core.audit import audit_download
from core.files import private_file_response
from core.models import AuditEvent

from ..dashboard import DashboardFilters, programmes_readable
from ..models import Report
from ..reports import can_request_reports, can_use_reports, reports_for_user
from ..services.reports import REPORT_LANGUAGES, report_request

READERS = _("Only programme staff and ministry reviewers read reports.")
REQUESTERS = _("Only programme staff request reports.")


class ReportSerializer(serializers.ModelSerializer):
    programme = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    programmes = serializers.SlugRelatedField(slug_field="slug", read_only=True, many=True)
    created_by = serializers.CharField(source="created_by.username", default=None)
    progress = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = [
            "id", "scope", "programme", "date_from", "date_to", "kind", "country", "language",
            "status", "progress", "pages", "size", "filename", "message", "programmes",
            "created_by", "created_at", "finished_at", "download_url",
        ]  # fmt: skip
        read_only_fields = fields

    def get_progress(self, report) -> int:
        if report.status == Report.Status.READY:
            return 100
        return report.job.percent if report.job_id else 0

    def get_download_url(self, report) -> str | None:
        if report.status != Report.Status.READY:
            return None
        return reverse("api:report.download", args=[report.pk])


class ReportRequestSerializer(serializers.Serializer):
    scope = serializers.ChoiceField(choices=Report.Scope.choices)
    programme = serializers.SlugField(required=False, allow_blank=True)
    date_from = serializers.DateField(required=False, allow_null=True)
    date_to = serializers.DateField(required=False, allow_null=True)
    kind = serializers.CharField(required=False, allow_blank=True, default="")
    country = serializers.CharField(required=False, allow_blank=True, default="")
    language = serializers.ChoiceField(choices=REPORT_LANGUAGES, default="en")


def _reports(request):
    if not can_use_reports(request.user):
        raise PermissionDenied(READERS)
    return reports_for_user(request.user).prefetch_related("programmes")


class ReportListView(ApiViewMixin, APIView):
    @extend_schema(
        tags=["reports"],
        summary="The ministry reports the user may read",
        responses=with_errors({200: ReportSerializer(many=True)}, 403),
    )
    def get(self, request):
        return Response(ReportSerializer(_reports(request)[:200], many=True).data)

    @extend_schema(
        tags=["reports"],
        summary="Request a programme or portfolio report (built in the background)",
        request=ReportRequestSerializer,
        # 404: `programme` names no programme the user can see.
        responses=with_errors({201: ReportSerializer}, 400, 403, 404),
    )
    def post(self, request):
        _reports(request)
        if not can_request_reports(request.user):
            raise PermissionDenied(REQUESTERS)
        data = ReportRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        programme = None
        if values["scope"] == Report.Scope.PROGRAMME:
            programme = (
                programmes_readable(request.user).filter(slug=values.get("programme")).first()
            )
            if programme is None:
                raise NotFound(_("No such programme."))
        report = report_request(
            by=request.user,
            programme=programme,
            filters=None
            if programme
            else DashboardFilters(
                date_from=values.get("date_from"),
                date_to=values.get("date_to"),
                kind=values["kind"],
                country=values["country"].upper(),
            ),
            language=values["language"],
        )
        report = reports_for_user(request.user).get(pk=report.pk)
        return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)


class ReportDetailView(ApiViewMixin, APIView):
    @extend_schema(
        tags=["reports"],
        summary="One ministry report",
        responses=with_errors({200: ReportSerializer}, 403, 404),
    )
    def get(self, request, pk: int):
        return Response(ReportSerializer(get_object_or_404(_reports(request), pk=pk)).data)


class ReportDownloadView(FileDownloadView):
    @extend_schema(
        tags=["reports"],
        summary="Download a ready report (PDF)",
        responses=with_errors({(200, "application/pdf"): DOWNLOAD}, 403, 404),
    )
    def get(self, request, pk: int):
        report = get_object_or_404(_reports(request), pk=pk)
        if report.status != Report.Status.READY or not report.file:
            raise NotFound(_("The report is not ready."))
        response = private_file_response(report.file, filename=report.filename)
        audit_download(
            request,
            filename=report.filename,
            obj=report,
            programme=report.programme.slug if report.programme_id else None,
            action=AuditEvent.Action.REPORT_DOWNLOAD,
        )
        return response


urlpatterns = [
    path("reports/", ReportListView.as_view(), name="report.list"),
    path("reports/<int:pk>/", ReportDetailView.as_view(), name="report.detail"),
    path("reports/<int:pk>/download/", ReportDownloadView.as_view(), name="report.download"),
]

"""API: counterpart uploads. Upload a CSV or XLSX applicant list, read its preview (every row as
new / update / unchanged / error), then confirm (all or nothing) or discard it.

Who: a counterpart organisation invited to the programme (its own uploads) and agency staff
(every upload; they name the counterpart that owns the rows). Other people of the programme get
403, people who cannot see the programme 404, and another counterpart's upload is 404.
Combined into the "api" namespace by companies/api_urls.py."""

from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from companies import selectors
from companies.exceptions import UploadError
from companies.models import ImportBatch, ImportRow
from companies.rules import can_upload_applicants
from companies.services import imports
from core.api_views import (
    XLSX,
    ApiViewMixin,
    FileDownloadView,
    download_responses,
    with_errors,
)
from core.audit import audit_download
from core.files import private_file_response
from core.serializers import (
    JobSerializer,
    OrganisationSummarySerializer,
    UserSummarySerializer,
    named_choice_field,
)
from programmes.models import Programme
from programmes.selectors import programme_get_for_user

# --- shapes ---------------------------------------------------------------------------------


class UploadInputSerializer(serializers.Serializer):
    file = serializers.FileField(
        allow_empty_file=True,  # the reader says "The file is empty.", as everywhere else
        help_text="The applicant list: CSV or XLSX, laid out like the template "
        "(/applicants/template.xlsx).",
    )
    encoding = serializers.ChoiceField(
        choices=imports.ENCODINGS,
        required=False,
        allow_blank=True,
        help_text="The encoding of a CSV file; left out, it is detected.",
    )
    organisation = serializers.SlugField(
        required=False,
        allow_blank=True,
        help_text="Agency staff: the slug of the counterpart organisation (invited to the "
        "programme) that owns the rows. Counterparts leave it out: their own organisation "
        "always owns the rows.",
    )


class RowErrorSerializer(serializers.Serializer):
    column = serializers.CharField(help_text="The column of the file.")
    message = serializers.CharField()


class ImportRowSerializer(serializers.ModelSerializer):
    action = named_choice_field("ImportRowAction", ImportRow.Action.choices, read_only=True)
    data = serializers.DictField(
        child=serializers.JSONField(), read_only=True, help_text="The row as read and cleaned."
    )
    errors = RowErrorSerializer(many=True, read_only=True)
    changes = serializers.DictField(
        child=serializers.ListField(child=serializers.JSONField(), min_length=2, max_length=2),
        read_only=True,
        help_text="For update rows: {column: [old, new]}.",
    )
    company = serializers.IntegerField(source="company_id", read_only=True, allow_null=True)

    class Meta:
        model = ImportRow
        fields = ["number", "action", "data", "errors", "changes", "company"]
        read_only_fields = fields


class ImportCountsSerializer(serializers.Serializer):
    rows = serializers.IntegerField(source="row_count")
    new = serializers.IntegerField(source="new_count")
    update = serializers.IntegerField(source="update_count")
    unchanged = serializers.IntegerField(source="unchanged_count")
    error = serializers.IntegerField(source="error_count")


class ImportBatchSerializer(serializers.ModelSerializer):
    status = named_choice_field("ImportStatus", ImportBatch.Status.choices, read_only=True)
    programme = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    organisation = OrganisationSummarySerializer(read_only=True)
    uploaded_by = UserSummarySerializer(read_only=True, allow_null=True)
    counts = ImportCountsSerializer(source="*", read_only=True)
    notices = serializers.ListField(child=serializers.CharField(), read_only=True)
    job = JobSerializer(
        read_only=True,
        allow_null=True,
        help_text="The background job reading or importing a large file; poll "
        "/api/v1/jobs/{id}/ or this upload until `status` changes.",
    )
    rows_url = serializers.SerializerMethodField(help_text="The upload with its rows, paginated.")
    download_url = serializers.SerializerMethodField(
        help_text="The uploaded file as it came (/api/v1/uploads/{id}/download/, with the same "
        "credentials); null when no file is kept."
    )

    class Meta:
        model = ImportBatch
        fields = [
            "id", "programme", "organisation", "uploaded_by", "filename", "size", "encoding",
            "status", "message", "notices", "counts", "job", "rows_url", "download_url",
            "created_at", "applied_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_rows_url(self, batch: ImportBatch) -> str:
        url = reverse("api:upload.detail", kwargs={"pk": batch.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_download_url(self, batch: ImportBatch) -> str | None:
        if not batch.file:
            return None
        url = reverse("api:upload.download", kwargs={"pk": batch.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class ImportRowPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ImportRowSerializer(many=True)


class ImportBatchDetailSerializer(ImportBatchSerializer):
    rows = ImportRowPageSerializer(read_only=True, help_text="100 rows a page, in file order.")

    class Meta(ImportBatchSerializer.Meta):
        fields = [*ImportBatchSerializer.Meta.fields, "rows"]
        read_only_fields = fields


class ImportBatchPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ImportBatchSerializer(many=True)


class PageSerializer(serializers.Serializer):
    page = serializers.IntegerField(required=False, min_value=1)


class RowFilterSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=ImportRow.Action.choices, required=False, help_text="Only rows of this action."
    )
    page = serializers.IntegerField(required=False, min_value=1)


class RowPagination(PageNumberPagination):
    page_size = 100


# --- views ----------------------------------------------------------------------------------


def _programme(user, slug: str) -> Programme:
    programme = programme_get_for_user(user, slug)
    if not can_upload_applicants(user, programme):
        raise PermissionDenied(
            gettext_lazy(
                "Only the programme's counterpart organisations and staff upload applicant lists."
            )  # fmt: skip
        )
    return programme


def _batch(user, pk: int) -> ImportBatch:
    """The upload if the user may see it: 404 if not visible, 403 if the user may not upload."""
    programme = Programme.objects.filter(imports__pk=pk).first()
    if programme is None:
        raise Http404("No such upload.")
    programme = _programme(user, programme.slug)
    return selectors.import_batch_get_for_user(user, programme, pk)


def _batch_response(request, batch: ImportBatch, *, created: bool = False) -> Response:
    busy = batch.status in (ImportBatch.Status.READING, ImportBatch.Status.APPLYING)
    code = status.HTTP_202_ACCEPTED if busy else status.HTTP_200_OK
    if created and not busy:
        code = status.HTTP_201_CREATED
    return Response(ImportBatchSerializer(batch, context={"request": request}).data, status=code)


class UploadListView(ApiViewMixin, APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        tags=["uploads"],
        summary="Applicant uploads of a programme",
        description="Staff see every upload, a counterpart its own; newest first, 50 a page.",
        parameters=[PageSerializer],
        responses=with_errors({200: ImportBatchPageSerializer}, 403, 404),
    )
    def get(self, request, slug: str):
        programme = _programme(request.user, slug)
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(
            selectors.import_batch_list_for_user(request.user, programme), request, view=self
        )
        data = ImportBatchSerializer(page, many=True, context={"request": request}).data
        return paginator.get_paginated_response(data)

    @extend_schema(
        tags=["uploads"],
        summary="Upload an applicant list",
        description="multipart/form-data with `file` (CSV or XLSX, at most 10 MB). The file is "
        "read and every row previewed; nothing is imported until the upload is confirmed. "
        "A small file answers 201 with the preview; a large one (over 200 KB) is read by a "
        "background job and answers 202 with `status` `reading` and the `job`. A file that "
        "cannot be read answers 400 with the reason under `errors.file`.",
        request={"multipart/form-data": UploadInputSerializer},
        responses=with_errors(
            {
                201: OpenApiResponse(ImportBatchSerializer, "Read and previewed."),
                202: OpenApiResponse(ImportBatchSerializer, "Queued: a background job reads it."),
            },
            400,
            403,
            404,
        ),
    )
    def post(self, request, slug: str):
        programme = _programme(request.user, slug)
        serializer = UploadInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        imports.import_size_check(upload.size)
        batch = imports.import_upload(
            programme,
            organisation=self._owner(request.user, programme, serializer.validated_data),
            by=request.user,
            filename=upload.name,
            data=upload.read(),
            encoding=serializer.validated_data.get("encoding") or None,
        )
        return _batch_response(request, batch, created=True)

    @staticmethod
    def _owner(user, programme: Programme, data: dict):
        if not user.is_agency_staff:
            return user.organisation
        slug = data.get("organisation")
        if not slug:
            raise UploadError(
                _("Choose the counterpart organisation that owns these applicants."),
                errors={"organisation": [_("This field is required.")]},
                code="required",
            )
        organisation = imports.counterpart_organisations(programme).filter(slug=slug).first()
        if organisation is None:
            raise UploadError(
                _("“%(slug)s” is not a counterpart organisation of this programme.")
                % {"slug": slug},
                errors={"organisation": [_("Not a counterpart organisation of this programme.")]},
                code="invalid",
            )
        return organisation


class UploadDetailView(ApiViewMixin, APIView):
    @extend_schema(
        tags=["uploads"],
        summary="One upload with its rows",
        description="The preview (or, once imported, the record) of every row: `new`, `update` "
        "(with `changes`), `unchanged` or `error` (with `errors` by column). `?action=error` "
        "keeps the rows of one action.",
        parameters=[RowFilterSerializer],
        responses=with_errors({200: ImportBatchDetailSerializer}, 400, 403, 404),
    )
    def get(self, request, pk: int):
        batch = _batch(request.user, pk)
        filters = RowFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        rows = batch.rows.all()
        if filters.validated_data.get("action"):
            rows = rows.filter(action=filters.validated_data["action"])
        paginator = RowPagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        data = ImportBatchSerializer(batch, context={"request": request}).data
        data["rows"] = paginator.get_paginated_response(
            ImportRowSerializer(page, many=True).data
        ).data
        return Response(data)


class UploadConfirmView(ApiViewMixin, APIView):
    @extend_schema(
        tags=["uploads"],
        summary="Confirm an upload: import exactly the previewed rows",
        description="All or nothing. Refused (400) while any row has errors, or when an "
        "applicant changed after the preview. Up to 500 rows are imported at once (200); a "
        "larger upload is imported by a background job (202, `status` `applying`).",
        request=None,
        responses=with_errors(
            {
                200: OpenApiResponse(ImportBatchSerializer, "Imported."),
                202: OpenApiResponse(ImportBatchSerializer, "Queued: a background job imports."),
            },
            400,
            403,
            404,
        ),
    )
    def post(self, request, pk: int):
        batch = imports.import_confirm(_batch(request.user, pk), by=request.user)
        return _batch_response(request, batch)


class UploadDiscardView(ApiViewMixin, APIView):
    @extend_schema(
        tags=["uploads"],
        summary="Discard an upload",
        description="Nothing is imported; the rows of the preview are dropped.",
        request=None,
        responses=with_errors({200: ImportBatchSerializer}, 400, 403, 404),
    )
    def post(self, request, pk: int):
        batch = imports.import_discard(_batch(request.user, pk), by=request.user)
        return _batch_response(request, batch)


class UploadDownloadView(FileDownloadView):
    @extend_schema(
        tags=["uploads"],
        summary="Download the uploaded file",
        description="The applicant list as it was uploaded, under its own name: for the "
        "counterpart whose upload it is and agency staff.",
        # The applicant list as uploaded: CSV or XLSX as a rule, but its type follows the name
        # the counterpart gave the file (the content decides how it is read, not the name).
        responses=with_errors(download_responses("text/csv", XLSX, "*/*"), 403, 404),
    )
    def get(self, request, pk: int):
        batch = _batch(request.user, pk)
        response = private_file_response(batch.file, filename=batch.filename)
        audit_download(request, filename=batch.filename, obj=batch, programme=batch.programme.slug)
        return response


urlpatterns = [
    path("programmes/<slug:slug>/uploads/", UploadListView.as_view(), name="upload.list"),
    path("uploads/<int:pk>/", UploadDetailView.as_view(), name="upload.detail"),
    path("uploads/<int:pk>/confirm/", UploadConfirmView.as_view(), name="upload.confirm"),
    path("uploads/<int:pk>/discard/", UploadDiscardView.as_view(), name="upload.discard"),
    path("uploads/<int:pk>/download/", UploadDownloadView.as_view(), name="upload.download"),
]

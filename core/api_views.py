"""API endpoints for the signed-in user, organisations and background jobs.

Each view parses with a serializer, calls one selector or service, and responds. Errors come out
in one shape through core.api.exception_handler.
"""

from axes.helpers import get_lockout_message as axes_message
from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.response import Response
from rest_framework.views import APIView

from . import selectors, services
from .audit import audit_download, audit_record
from .files import private_file_response
from .forms import AuditFilterForm
from .models import ApiToken, AuditEvent, Job, Organisation
from .ratelimit import ScopedThrottle
from .serializers import (
    ApiTokenCreatedSerializer,
    ApiTokenCreateSerializer,
    ApiTokenSerializer,
    AuditEventSerializer,
    ErrorSerializer,
    JobSerializer,
    MeSerializer,
    OrganisationSerializer,
    PasswordTokenSerializer,
)


class ApiViewMixin:
    """What every API view does once the user is known: answer in the user's language.
    (Times are answered in UTC: TimeZoneResetMiddleware starts every request there.)"""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # As the web pages do (UserLanguageMiddleware), use the user's language. The
        # middleware only sees session users; a token client is authenticated here, inside
        # the view. A language the request names itself (Accept-Language, the cookie) wins.
        user = request.user
        if (
            user.is_authenticated
            and user.language
            and "HTTP_ACCEPT_LANGUAGE" not in request.META
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
        ):
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()


ERROR_DESCRIPTIONS = {
    400: "The input is not valid: `errors` says what is wrong, by field. Nothing was saved.",
    403: "Not allowed for this user.",
    404: "Not found, or not visible to this user.",
    429: "Too many requests: try again after the seconds the Retry-After header says.",
}


def with_errors(responses: dict, *codes: int) -> dict:
    """`responses` for extend_schema, plus the error answers `codes` in their one shape."""
    return {
        **responses,
        **{code: OpenApiResponse(ErrorSerializer, ERROR_DESCRIPTIONS[code]) for code in codes},
    }


def require_agency_staff(user) -> None:
    if not user.is_agency_staff:
        raise PermissionDenied(_("Only programme staff of the implementing agency may do this."))


@extend_schema(
    tags=["auth"],
    summary="Obtain an API token",
    description="Exchange a username and password for a new named token (the token is in the "
    "answer only, once). Send it on later requests as `Authorization: Token <token>`; list and "
    "revoke tokens under `tokens/`. Limited per address (429 beyond it); after repeated wrong "
    "passwords the user name is locked out from that address for a while (429, `locked_out`).",
    request=PasswordTokenSerializer,
    responses=with_errors({201: ApiTokenCreatedSerializer}, 400, 429),
)
class TokenView(ApiViewMixin, APIView):
    # Credentials travel in the body: no session (and so no CSRF check) is needed or used.
    authentication_classes = ()
    permission_classes = ()
    throttle_classes = [ScopedThrottle]
    throttle_scope = "token_issue"

    def post(self, request):
        data = PasswordTokenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        if getattr(request._request, "axes_locked_out", False):
            return Response(
                {"detail": str(axes_message()), "code": "locked_out", "errors": {}},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        if user is None or not user.is_active:
            raise ValidationError(
                {"non_field_errors": [_("Unable to log in with provided credentials.")]}
            )
        with transaction.atomic():
            # Signing in through the API: recorded like a sign-in on the page.
            audit_record(AuditEvent.Action.LOGIN, actor=user, detail={"via": "api"})
            token, raw = services.api_token_create(
                user, name=data.validated_data.get("name") or gettext("API sign-in"), by=user
            )
        token.token = raw
        return Response(ApiTokenCreatedSerializer(token).data, status=status.HTTP_201_CREATED)


class MeView(ApiViewMixin, APIView):
    @extend_schema(
        tags=["auth"],
        summary="The signed-in user",
        description="Who the credentials belong to, their organisation and language.",
        responses=MeSerializer,
    )
    def get(self, request):
        return Response(MeSerializer(request.user, context={"request": request}).data)


@extend_schema(tags=["organisations"])
@extend_schema_view(
    list=extend_schema(summary="Organisations"),
    retrieve=extend_schema(
        summary="One organisation", responses=with_errors({200: OrganisationSerializer}, 404)
    ),
    create=extend_schema(
        summary="Add an organisation (agency staff)",
        responses=with_errors({201: OrganisationSerializer}, 400, 403),
    ),
    update=extend_schema(
        summary="Change an organisation (agency staff)",
        responses=with_errors({200: OrganisationSerializer}, 400, 403, 404),
    ),
    partial_update=extend_schema(
        summary="Change part of an organisation (agency staff)",
        responses=with_errors({200: OrganisationSerializer}, 400, 403, 404),
    ),
)
class OrganisationViewSet(ApiViewMixin, viewsets.GenericViewSet):
    """Agency staff see and change every organisation; everyone else sees their own only."""

    serializer_class = OrganisationSerializer
    queryset = Organisation.objects.none()  # the schema's model; reads use the selector
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.organisation_list_for_user(self.request.user)

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, slug: str):
        organisation = get_object_or_404(self.get_queryset(), slug=slug)
        return Response(self.get_serializer(organisation).data)

    def create(self, request):
        require_agency_staff(request.user)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        organisation = services.organisation_save(
            Organisation(**serializer.validated_data), by=request.user
        )
        return Response(self.get_serializer(organisation).data, status=status.HTTP_201_CREATED)

    def update(self, request, slug: str, partial: bool = False):
        organisation = get_object_or_404(self.get_queryset(), slug=slug)
        require_agency_staff(request.user)
        serializer = self.get_serializer(organisation, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        for name, value in serializer.validated_data.items():
            setattr(organisation, name, value)
        organisation = services.organisation_save(organisation, by=request.user)
        return Response(self.get_serializer(organisation).data)

    def partial_update(self, request, slug: str):
        return self.update(request, slug, partial=True)


@extend_schema(tags=["jobs"])
@extend_schema_view(
    list=extend_schema(summary="Background jobs"),
    retrieve=extend_schema(
        summary="One background job",
        description="Poll this until `status` is `succeeded` or `failed`; `download_url` then "
        "links to the result file, if the job made one.",
        responses=with_errors({200: JobSerializer}, 404),
    ),
)
class JobViewSet(ApiViewMixin, viewsets.GenericViewSet):
    """Agency staff see every background job; everyone else the jobs they started."""

    serializer_class = JobSerializer
    queryset = Job.objects.none()  # the schema's model; reads use the selector

    def get_queryset(self):
        return selectors.job_list_for_user(self.request.user)

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, pk: int):
        job = get_object_or_404(self.get_queryset(), pk=pk)
        return Response(self.get_serializer(job).data)


class DownloadNegotiation(DefaultContentNegotiation):
    """A download answers the file whatever the client accepts; errors still answer JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return (renderers[0], renderers[0].media_type)


class FileDownloadView(ApiViewMixin, APIView):
    """Base of the API views that hand out a private file (core/storage.py) as an attachment,
    to a user the subclass has checked."""

    content_negotiation_class = DownloadNegotiation


DOWNLOAD = OpenApiResponse(OpenApiTypes.BINARY, "The file, as an attachment with its own name.")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download_responses(*media_types: str) -> dict:
    """The 200 answer of a file download, under each media type the file may have (a
    download's type follows its file's name)."""
    return {(200, media_type): DOWNLOAD for media_type in media_types}


class JobDownloadView(FileDownloadView):
    @extend_schema(
        tags=["jobs"],
        summary="Download a job's result",
        description="The file the job made (e.g. the programme workbook), for whoever started "
        "the job and agency staff; 404 for everyone else and before the file exists.",
        # The programme workbook (XLSX) or the agendas of a day (PDF).
        responses=with_errors(download_responses(XLSX, "application/pdf"), 404),
    )
    def get(self, request, pk: int):
        job = get_object_or_404(selectors.job_list_for_user(request.user), pk=pk)
        if not job.result_file:
            raise Http404("The job has made no file.")
        response = private_file_response(job.result_file, filename=job.download_name)
        audit_download(request, filename=job.download_name, obj=job, kind=job.kind)
        return response


@extend_schema(tags=["auth"])
@extend_schema_view(
    list=extend_schema(
        summary="API tokens",
        description="Your own tokens (never their secrets); agency staff see every user's.",
    ),
    create=extend_schema(
        summary="Create an API token",
        description="A new named token for yourself. The token is in this answer only.",
        request=ApiTokenCreateSerializer,
        responses=with_errors({201: ApiTokenCreatedSerializer}, 400, 429),
    ),
    destroy=extend_schema(
        summary="Revoke an API token",
        description="Your own, or (agency staff) anyone's. It authenticates nothing from now on; "
        "it stays in the list as revoked.",
        responses=with_errors({204: None}, 404),
    ),
)
class ApiTokenViewSet(ApiViewMixin, viewsets.GenericViewSet):
    serializer_class = ApiTokenSerializer
    queryset = ApiToken.objects.none()  # the schema's model; reads use the selector
    throttle_classes = [ScopedThrottle]

    def get_throttles(self):
        # Issuing tokens is limited; listing and revoking are not.
        self.throttle_scope = "token_issue" if self.action == "create" else None
        return super().get_throttles()

    def get_queryset(self):
        return selectors.api_token_list_for_user(self.request.user, every_user=True)

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def create(self, request):
        data = ApiTokenCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        token, raw = services.api_token_create(
            request.user, name=data.validated_data["name"], by=request.user
        )
        token.token = raw
        return Response(ApiTokenCreatedSerializer(token).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, pk: int):
        token = get_object_or_404(self.get_queryset(), pk=pk)
        services.api_token_revoke(token, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


AUDIT_FILTERS = [
    OpenApiParameter("action", OpenApiTypes.STR, enum=AuditEvent.Action.values),
    OpenApiParameter("user", OpenApiTypes.STR, description="Part of the user name."),
    OpenApiParameter("programme", OpenApiTypes.STR, description="Part of the short name."),
    OpenApiParameter("date_from", OpenApiTypes.DATE, description="From this day (UTC)."),
    OpenApiParameter("date_to", OpenApiTypes.DATE, description="To this day included (UTC)."),
    OpenApiParameter("ip", OpenApiTypes.STR, description="The client's address."),
]


class AuditEventListView(ApiViewMixin, generics.GenericAPIView):
    serializer_class = AuditEventSerializer
    queryset = AuditEvent.objects.none()  # the schema's model; reads use the selector

    @extend_schema(
        tags=["audit"],
        summary="The audit log (agency staff)",
        description="Sign-ins, refused accesses, imports, exports, score changes, decisions, "
        "schedule publication and edits, report downloads and API tokens, newest first. Read "
        "only: nothing changes or deletes an event. A filter that is not valid is refused (400).",
        parameters=AUDIT_FILTERS,
        responses=with_errors({200: AuditEventSerializer(many=True)}, 400, 403, 404),
    )
    def get(self, request):
        require_agency_staff(request.user)
        form = AuditFilterForm(request.query_params or None)
        if form.is_bound and not form.is_valid():
            raise ValidationError(form.errors)
        page = self.paginate_queryset(selectors.audit_event_list(**form.filters()))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

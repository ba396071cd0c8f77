"""API routes: applications. Combined into the "api" namespace by companies/api_urls.py.

Reads are scoped by companies.selectors: staff see every application, a counterpart the
applicants it put forward, a company its own; anything else answers 404. Staff correct data and
move the status; a counterpart (or company) may only withdraw what it sees (403 otherwise).
Service refusals come out as 400 {"detail", "code", "errors"} through core.api.exception_handler.
"""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from core.api_views import ApiViewMixin, with_errors

from .. import selectors
from ..models import Application
from ..rules import can_manage_applications
from ..serializers import (
    ApplicationChangeSerializer,
    ApplicationDetailSerializer,
    ApplicationFilterSerializer,
    ApplicationSerializer,
    ApplicationTransitionSerializer,
)
from ..services.applications import application_transition, application_update


@extend_schema(tags=["applications"])
@extend_schema_view(
    list=extend_schema(
        summary="Applications",
        description="Staff see every application; a counterpart organisation the applicants it "
        "put forward; a company its own. Each with its SME result.",
        parameters=[ApplicationFilterSerializer],
        responses=with_errors({200: ApplicationSerializer(many=True)}, 400),
    ),
    retrieve=extend_schema(
        summary="One application, with its company, answers, SME result and trail",
        responses=with_errors({200: ApplicationDetailSerializer}, 404),
    ),
    partial_update=extend_schema(
        summary="Correct an application (programme staff)",
        description="Company fields and answers, as on the form. The change is kept in the "
        "trail and the SME result is checked again (which may move a submitted application "
        "between eligible and not eligible).",
        request=ApplicationChangeSerializer,
        responses=with_errors({200: ApplicationDetailSerializer}, 400, 403, 404),
    ),
)
class ApplicationViewSet(ApiViewMixin, viewsets.GenericViewSet):
    serializer_class = ApplicationSerializer
    queryset = Application.objects.none()  # the schema's model; reads use the selector

    def get_queryset(self):
        return selectors.application_list_for_user(self.request.user)

    def _application(self, pk: int) -> Application:
        return selectors.application_get_for_user(self.request.user, pk)

    def _detail(self, pk: int) -> Response:
        application = self._application(pk)
        return Response(
            ApplicationDetailSerializer(application, context=self.get_serializer_context()).data
        )

    def list(self, request):
        filters = ApplicationFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        page = self.paginate_queryset(self.get_queryset().filter(**filters.lookups()))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, pk: int):
        return self._detail(pk)

    def partial_update(self, request, pk: int):
        application = self._application(pk)
        if not can_manage_applications(request.user, application.programme):
            raise PermissionDenied(_("Only programme staff may correct an application."))
        serializer = ApplicationChangeSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        company = dict(serializer.validated_data)
        answers = company.pop("answers", None)
        if "country" in company:
            company["country"] = str(company["country"])
        if answers is not None:
            answers = {**application.answers, **{str(key): v for key, v in answers.items()}}
        application_update(application, by=request.user, company=company, answers=answers)
        return self._detail(pk)

    @extend_schema(
        summary="Move an application to another status",
        description="Staff move along the status flow (`allowed_transitions`); a counterpart "
        "organisation or a company may only withdraw. Every move is kept in the trail with "
        "its reason; accepting an application the SME check found not eligible needs one.",
        request=ApplicationTransitionSerializer,
        responses=with_errors({200: ApplicationDetailSerializer}, 400, 403, 404),
    )
    def transition(self, request, pk: int):
        application = self._application(pk)
        serializer = ApplicationTransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        to = serializer.validated_data["status"]
        if to != Application.Status.WITHDRAWN and not can_manage_applications(
            request.user, application.programme
        ):
            raise PermissionDenied(
                _("Only programme staff may change the status; you may only withdraw.")
            )
        application_transition(
            application, to=to, by=request.user, reason=serializer.validated_data["reason"]
        )
        return self._detail(pk)


applications = ApplicationViewSet

urlpatterns = [
    path("applications/", applications.as_view({"get": "list"}), name="application.list"),
    path(
        "applications/<int:pk>/",
        applications.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="application.detail",
    ),
    path(
        "applications/<int:pk>/transition/",
        applications.as_view({"post": "transition"}),
        name="application.transition",
    ),
]

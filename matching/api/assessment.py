"""API: the assessment round of a programme: its settings and lock, the criteria, conflicts of
interest and who reviews which application. The ranking, decisions and invitations are in
selection.py.

Who: agency staff run the round. The programme's advisers also read the criteria and declare
(and see, and withdraw) their own conflicts. Other people invited to the programme get 403,
people who cannot see the programme 404. Service refusals come out as 400 {"detail", "code",
"errors"} through core.api.exception_handler (code "round_locked" once the round is locked).
Combined into the "api" namespace by matching/api_urls.py."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from companies.selectors import application_list_for_user
from core.api_views import ApiViewMixin, with_errors
from programmes.models import Programme

from .. import selectors
from ..rules import can_declare_conflict, can_manage_assessment
from ..serializers import (
    AssessmentChangeSerializer,
    AssessmentSerializer,
    AssignmentInputSerializer,
    AssignmentSerializer,
    AutoAssignResultSerializer,
    ConflictInputSerializer,
    ConflictSerializer,
    CriterionSerializer,
    page_of,
)
from ..services import assignments as assignment_services
from ..services import round as round_services
from .common import PAGE, assessment_schema, page, programme_for, programme_of

# --- the round ------------------------------------------------------------------------------


def assessment_counts(user, programme: Programme) -> dict:
    assignments = selectors.assignment_list_for_user(user, programme)
    return {
        "applications": selectors.pool(programme).count(),
        "assignments": assignments.count(),
        "reviews_complete": assignments.filter(completed_at__isnull=False).count(),
        "selected": selectors.selected_count(programme),
    }


def assessment_response(request, programme: Programme) -> Response:
    assessment = selectors.assessment_for(programme)
    context = {"request": request, "counts": assessment_counts(request.user, programme)}
    return Response(AssessmentSerializer(assessment, context=context).data)


class AssessmentView(ApiViewMixin, APIView):
    @assessment_schema(
        summary="The assessment round of a programme (staff)",
        description="Reviews per application, the selection target, the disagreement flag, "
        "whether the round is locked, and how far it is: applications in the round, "
        "assignments, complete reviews, companies selected.",
        responses=with_errors({200: AssessmentSerializer}, 403, 404),
    )
    def get(self, request, slug: str):
        return assessment_response(request, programme_for(request.user, slug))

    @assessment_schema(
        summary="Change the round's settings (staff)",
        request=AssessmentChangeSerializer,
        responses=with_errors({200: AssessmentSerializer}, 400, 403, 404),
    )
    def patch(self, request, slug: str):
        programme = programme_for(request.user, slug)
        serializer = AssessmentChangeSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        round_services.assessment_update(programme, by=request.user, **serializer.validated_data)
        return assessment_response(request, programme)


class AssessmentLockView(ApiViewMixin, APIView):
    @assessment_schema(
        summary="Lock the round (staff)",
        description="Scores, assignments and criteria can no longer change until it is "
        "unlocked. Locking a locked round changes nothing.",
        request=None,
        responses=with_errors({200: AssessmentSerializer}, 403, 404),
    )
    def post(self, request, slug: str):
        programme = programme_for(request.user, slug)
        round_services.assessment_lock(programme, by=request.user)
        return assessment_response(request, programme)


class AssessmentUnlockView(ApiViewMixin, APIView):
    @assessment_schema(
        summary="Unlock the round (staff)",
        request=None,
        responses=with_errors({200: AssessmentSerializer}, 403, 404),
    )
    def post(self, request, slug: str):
        programme = programme_for(request.user, slug)
        round_services.assessment_unlock(programme, by=request.user)
        return assessment_response(request, programme)


# --- criteria -------------------------------------------------------------------------------


class CriterionListView(ApiViewMixin, APIView):
    @assessment_schema(
        summary="The criteria advisers score against",
        description="In order. Staff and the programme's advisers.",
        responses=with_errors({200: CriterionSerializer(many=True)}, 403, 404),
    )
    def get(self, request, slug: str):
        programme = programme_for(request.user, slug, advisers=True)
        return Response(CriterionSerializer(selectors.criterion_list(programme), many=True).data)

    @assessment_schema(
        summary="Add a criterion (staff)",
        description="A scale (whole numbers from 0 to 100), a weight, an optional threshold "
        "below which an applicant fails the criterion, and where the score comes from "
        "(advisers, or a rule reading the application). Reviews become incomplete until "
        "they score it.",
        request=CriterionSerializer,
        responses=with_errors({201: CriterionSerializer}, 400, 403, 404),
    )
    def post(self, request, slug: str):
        programme = programme_for(request.user, slug)
        serializer = CriterionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        criterion = round_services.criterion_create(
            programme, by=request.user, **serializer.validated_data
        )
        return Response(CriterionSerializer(criterion).data, status=status.HTTP_201_CREATED)


class CriterionDetailView(ApiViewMixin, APIView):
    def _criterion(self, pk: int, *, advisers: bool = False):
        programmes = Programme.objects.filter(criteria__pk=pk)
        programme = programme_of(self.request.user, programmes, advisers=advisers)
        return selectors.criterion_get(programme, pk)

    @assessment_schema(
        summary="One criterion",
        description="Staff and the programme's advisers.",
        responses=with_errors({200: CriterionSerializer}, 403, 404),
    )
    def get(self, request, pk: int):
        return Response(CriterionSerializer(self._criterion(pk, advisers=True)).data)

    @assessment_schema(
        summary="Change a criterion (staff)",
        request=CriterionSerializer,
        responses=with_errors({200: CriterionSerializer}, 400, 403, 404),
    )
    def patch(self, request, pk: int):
        criterion = self._criterion(pk)
        serializer = CriterionSerializer(criterion, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        criterion = round_services.criterion_update(
            criterion, by=request.user, **serializer.validated_data
        )
        return Response(CriterionSerializer(criterion).data)

    @assessment_schema(
        summary="Delete a criterion (staff)",
        description="Its scores go with it.",
        responses=with_errors({204: None}, 400, 403, 404),
    )
    def delete(self, request, pk: int):
        round_services.criterion_delete(self._criterion(pk), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- conflicts of interest ------------------------------------------------------------------


class ConflictListView(ApiViewMixin, APIView):
    @assessment_schema(
        summary="Conflicts of interest",
        operation_id="v1_programmes_conflicts_list",
        description="Staff see every conflict declared in the programme; an adviser their own.",
        parameters=[PAGE],
        responses=with_errors({200: page_of(ConflictSerializer)}, 403, 404),
    )
    def get(self, request, slug: str):
        programme = programme_for(request.user, slug, advisers=True)
        conflicts = selectors.conflict_list_for_user(request.user, programme)
        return page(request, self, conflicts, ConflictSerializer)

    @assessment_schema(
        summary="Declare a conflict of interest",
        description="An adviser declares their own (leaving `adviser` out); staff name the "
        "adviser. The adviser is never assigned the company's application; an existing "
        "assignment is taken back with its scores (refused once the round is locked).",
        request=ConflictInputSerializer,
        responses=with_errors({201: ConflictSerializer}, 400, 403, 404),
    )
    def post(self, request, slug: str):
        programme = programme_for(request.user, slug, advisers=True)
        serializer = ConflictInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        adviser = self._adviser(programme, data.get("adviser"))
        application = selectors.pool(programme).filter(company_id=data["company"]).first()
        if application is None:
            raise ValidationError(
                {"company": [_("No company of this programme's assessment round has this id.")]}
            )
        conflict = assignment_services.conflict_declare(
            programme,
            adviser=adviser,
            company=application.company,
            reason=data["reason"],
            by=request.user,
        )
        return Response(ConflictSerializer(conflict).data, status=status.HTTP_201_CREATED)

    def _adviser(self, programme: Programme, pk: int | None):
        user = self.request.user
        if pk is None:
            if can_manage_assessment(user, programme):
                raise ValidationError({"adviser": [_("Name the adviser.")]})
            pk = user.pk
        adviser = selectors.adviser_list(programme).filter(pk=pk).first()
        if adviser is None:
            raise ValidationError({"adviser": [_("No adviser of this programme has this id.")]})
        if not can_declare_conflict(user, programme, adviser):
            raise PermissionDenied(_("You may declare only your own conflicts of interest."))
        return adviser


class ConflictDetailView(ApiViewMixin, APIView):
    @assessment_schema(
        summary="One conflict of interest",
        description="Staff, and the adviser who has it.",
        responses=with_errors({200: ConflictSerializer}, 404),
    )
    def get(self, request, pk: int):
        return Response(ConflictSerializer(selectors.conflict_get_for_user(request.user, pk)).data)

    @assessment_schema(
        summary="Withdraw a conflict of interest",
        description="Staff, and the adviser who declared it themselves (one staff recorded "
        "against an adviser: 403). Refused once the round is locked (400, code "
        '"round_locked"). The withdrawal is kept on record.',
        responses=with_errors({204: None}, 400, 403, 404),
    )
    def delete(self, request, pk: int):
        conflict = selectors.conflict_get_for_user(request.user, pk)
        assignment_services.conflict_withdraw(conflict, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- assignments ----------------------------------------------------------------------------


class AssignmentListView(ApiViewMixin, APIView):
    @assessment_schema(
        summary="Who reviews which application (staff)",
        operation_id="v1_programmes_assignments_list",
        parameters=[PAGE],
        responses=with_errors({200: page_of(AssignmentSerializer)}, 403, 404),
    )
    def get(self, request, slug: str):
        programme = programme_for(request.user, slug)
        return page(
            request,
            self,
            selectors.assignment_list_for_user(request.user, programme),
            AssignmentSerializer,
        )

    @assessment_schema(
        summary="Assign an application to an adviser (staff)",
        description="Refused for an application not in the round, an adviser with a declared "
        "conflict with the company, a pair already assigned, or a locked round.",
        request=AssignmentInputSerializer,
        responses=with_errors({201: AssignmentSerializer}, 400, 403, 404),
    )
    def post(self, request, slug: str):
        programme = programme_for(request.user, slug)
        serializer = AssignmentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        application = (
            application_list_for_user(request.user, programme)
            .filter(pk=data["application"])
            .first()
        )
        if application is None:
            raise ValidationError({"application": [_("No application of this programme.")]})
        adviser = selectors.adviser_list(programme).filter(pk=data["adviser"]).first()
        if adviser is None:
            raise ValidationError({"adviser": [_("No adviser of this programme has this id.")]})
        assignment = assignment_services.assignment_create(
            application, adviser=adviser, by=request.user
        )
        assignment = selectors.assignment_list_for_user(request.user, programme).get(
            pk=assignment.pk
        )
        return Response(AssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)


class AssignmentAutoView(ApiViewMixin, APIView):
    @assessment_schema(
        summary="Assign every application its reviews (staff)",
        description="Gives each undecided application of the round the reviews it still "
        "needs, balancing the advisers' loads; never to an adviser with a declared conflict. "
        "Existing assignments stay. `short` lists the applications left short of advisers.",
        request=None,
        responses=with_errors({200: AutoAssignResultSerializer}, 400, 403, 404),
    )
    def post(self, request, slug: str):
        programme = programme_for(request.user, slug)
        result = assignment_services.assignments_auto(programme, by=request.user)
        return Response(AutoAssignResultSerializer(result).data)


class AssignmentDetailView(ApiViewMixin, APIView):
    def _assignment(self, pk: int):
        programme_of(self.request.user, Programme.objects.filter(assignments__pk=pk))
        return selectors.assignment_get_for_user(self.request.user, pk)

    @assessment_schema(
        summary="One assignment (staff)",
        responses=with_errors({200: AssignmentSerializer}, 403, 404),
    )
    def get(self, request, pk: int):
        return Response(AssignmentSerializer(self._assignment(pk)).data)

    @assessment_schema(
        summary="Take an assignment back (staff)",
        description="Its scores go with it. Refused once the round is locked.",
        responses=with_errors({204: None}, 400, 403, 404),
    )
    def delete(self, request, pk: int):
        assignment_services.assignment_delete(self._assignment(pk), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


P = "programmes/<slug:slug>"

urlpatterns = [
    path(f"{P}/assessment/", AssessmentView.as_view(), name="assessment.detail"),
    path(f"{P}/assessment/lock/", AssessmentLockView.as_view(), name="assessment.lock"),
    path(f"{P}/assessment/unlock/", AssessmentUnlockView.as_view(), name="assessment.unlock"),
    path(f"{P}/criteria/", CriterionListView.as_view(), name="criterion.list"),
    path("criteria/<int:pk>/", CriterionDetailView.as_view(), name="criterion.detail"),
    path(f"{P}/conflicts/", ConflictListView.as_view(), name="conflict.list"),
    path("conflicts/<int:pk>/", ConflictDetailView.as_view(), name="conflict.detail"),
    path(f"{P}/assignments/", AssignmentListView.as_view(), name="assignment.list"),
    path(f"{P}/assignments/auto/", AssignmentAutoView.as_view(), name="assignment.auto"),
    path("assignments/<int:pk>/", AssignmentDetailView.as_view(), name="assignment.detail"),
]

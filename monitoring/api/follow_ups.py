"""API: follow-ups, return sales and survey answers of a programme (staff), and a respondent's
own survey by its private token (no sign-in).

    programmes/<slug>/outcomes/follow-ups/                GET (?status=negotiating)
    programmes/<slug>/outcomes/follow-ups/<id>/           GET (with notes and survey rounds),
                                                          PATCH {status, note, next_contact,
                                                          planned_visits, deal_value, currency}
    programmes/<slug>/outcomes/follow-ups/<id>/notes/     POST {text}
    programmes/<slug>/outcomes/return-sales/              GET (?company=<id>), POST
    programmes/<slug>/outcomes/return-sales/<id>/         GET, PUT/PATCH, DELETE
    programmes/<slug>/outcomes/survey-responses/          GET: the meeting survey answers
    programmes/<slug>/outcomes/follow-up-surveys/         GET (?answered=1|0): the rounds
    surveys/<token>/                                      GET, PUT: a respondent's meeting survey
    follow-up-surveys/<token>/                            GET, PUT: a company's follow-up survey

Who: the programme pages are staff-only (a ministry reviewer reads dashboards and reports, not
cases: 403, as every other participant; a programme the user cannot see 404; anonymous 401).
The token endpoints take no credentials: the link is the permission and opens only that
respondent's survey (forged or unknown token 404). They answer in the respondent's language
unless the request names one (Accept-Language). Times are UTC."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status as http
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api_views import ApiViewMixin, with_errors
from programmes.selectors import programme_get_for_user

from .. import rules, selectors
from ..exceptions import LinkInvalid
from ..models import FollowUp, RespondentKind, SurveyResponse
from ..serializers import (
    FollowUpDetailSerializer,
    FollowUpNoteInputSerializer,
    FollowUpSerializer,
    FollowUpSurveyAnswerSerializer,
    FollowUpSurveySerializer,
    FollowUpUpdateSerializer,
    MyFollowUpSurveySerializer,
    MySurveySerializer,
    ProgrammeSurveyResponseSerializer,
    ReturnSaleInputSerializer,
    ReturnSaleSerializer,
    SurveyAnswerSerializer,
)
from ..services import (
    follow_up_survey_answer,
    follow_up_survey_resolve,
    follow_up_update,
    return_sale_delete,
    return_sale_record,
    return_sale_update,
    survey_answer,
    survey_check_open,
    survey_link_resolve,
)
from ..services.follow_up_surveys import round_period

STAFF_ONLY = _("Only programme staff work the follow-ups, return sales and survey answers.")


def _programme(request, slug: str):
    programme = programme_get_for_user(request.user, slug)
    if not rules.can_read_outcomes(request.user, programme):
        raise PermissionDenied(STAFF_ONLY)
    return programme


def _follow_ups(programme):
    return selectors.follow_ups_for(programme).prefetch_related(
        "notes__author", "surveys__company", "surveys__return_sale"
    )


class FollowUpListView(ApiViewMixin, APIView):
    @extend_schema(
        tags=["follow-ups"],
        summary="The programme's follow-up cases",
        parameters=[OpenApiParameter("status", str, enum=FollowUp.Status.values)],
        responses=with_errors({200: FollowUpSerializer(many=True)}, 403, 404),
    )
    def get(self, request, slug: str):
        programme = _programme(request, slug)
        status = request.query_params.get("status") or None
        if status and status not in FollowUp.Status.values:
            status = "-"  # an unknown status matches nothing
        cases = selectors.follow_ups_for(programme, status=status)
        return Response(FollowUpSerializer(cases, many=True).data)


class FollowUpDetailView(ApiViewMixin, APIView):
    @extend_schema(
        tags=["follow-ups"],
        summary="One follow-up case with its notes and survey rounds",
        responses=with_errors({200: FollowUpDetailSerializer}, 403, 404),
    )
    def get(self, request, slug: str, pk: int):
        case = get_object_or_404(_follow_ups(_programme(request, slug)), pk=pk)
        return Response(FollowUpDetailSerializer(case).data)

    @extend_schema(
        tags=["follow-ups"],
        summary="Change a follow-up (status, next contact, deal value, planned visits; a note)",
        request=FollowUpUpdateSerializer,
        responses=with_errors({200: FollowUpDetailSerializer}, 400, 403, 404),
    )
    def patch(self, request, slug: str, pk: int):
        programme = _programme(request, slug)
        case = get_object_or_404(_follow_ups(programme), pk=pk)
        data = FollowUpUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        follow_up_update(case, by=request.user, **data.validated_data)
        return Response(FollowUpDetailSerializer(_follow_ups(programme).get(pk=pk)).data)


class FollowUpNoteView(ApiViewMixin, APIView):
    @extend_schema(
        tags=["follow-ups"],
        summary="Add a dated note to a follow-up",
        request=FollowUpNoteInputSerializer,
        responses=with_errors({201: FollowUpDetailSerializer}, 400, 403, 404),
    )
    def post(self, request, slug: str, pk: int):
        programme = _programme(request, slug)
        case = get_object_or_404(_follow_ups(programme), pk=pk)
        data = FollowUpNoteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        follow_up_update(case, by=request.user, note=data.validated_data["text"])
        return Response(
            FollowUpDetailSerializer(_follow_ups(programme).get(pk=pk)).data,
            status=http.HTTP_201_CREATED,
        )


class ReturnSaleListView(ApiViewMixin, APIView):
    @extend_schema(
        tags=["return sales"],
        summary="The programme's return sales, per company and period",
        parameters=[OpenApiParameter("company", int)],
        responses=with_errors({200: ReturnSaleSerializer(many=True)}, 403, 404),
    )
    def get(self, request, slug: str):
        sales = selectors.return_sales_for(_programme(request, slug))
        company = request.query_params.get("company")
        if company:
            sales = sales.filter(company_id=company if company.isdigit() else 0)
        return Response(ReturnSaleSerializer(sales, many=True).data)

    @extend_schema(
        tags=["return sales"],
        summary="Record a Japanese company's return sales for a period",
        request=ReturnSaleInputSerializer,
        responses=with_errors({201: ReturnSaleSerializer}, 400, 403, 404),
    )
    def post(self, request, slug: str):
        programme = _programme(request, slug)
        data = ReturnSaleInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        sale = return_sale_record(
            programme,
            by=request.user,
            company=values.get("company"),
            period_start=values.get("period_start"),
            period_end=values.get("period_end"),
            amount=values.get("amount"),
            currency=values.get("currency", ""),
            note=values.get("note", ""),
        )
        return Response(ReturnSaleSerializer(sale).data, status=http.HTTP_201_CREATED)


class ReturnSaleDetailView(ApiViewMixin, APIView):
    def _sale(self, request, slug, pk):
        return get_object_or_404(selectors.return_sales_for(_programme(request, slug)), pk=pk)

    @extend_schema(
        tags=["return sales"],
        summary="One return sales row",
        responses=with_errors({200: ReturnSaleSerializer}, 403, 404),
    )
    def get(self, request, slug: str, pk: int):
        return Response(ReturnSaleSerializer(self._sale(request, slug, pk)).data)

    @extend_schema(
        tags=["return sales"],
        summary="Correct a return sales row (the fields not sent keep their values)",
        request=ReturnSaleInputSerializer,
        responses=with_errors({200: ReturnSaleSerializer}, 400, 403, 404),
    )
    def patch(self, request, slug: str, pk: int):
        sale = self._sale(request, slug, pk)
        data = ReturnSaleInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        sale = return_sale_update(
            sale,
            by=request.user,
            period_start=values.get("period_start", sale.period_start),
            period_end=values.get("period_end", sale.period_end),
            amount=values.get("amount", sale.amount),
            currency=values.get("currency", sale.currency),
            note=values.get("note", sale.note) if "note" in request.data else sale.note,
        )
        return Response(ReturnSaleSerializer(sale).data)

    @extend_schema(
        tags=["return sales"],
        summary="Correct a return sales row (every field)",
        request=ReturnSaleInputSerializer,
        responses=with_errors({200: ReturnSaleSerializer}, 400, 403, 404),
    )
    def put(self, request, slug: str, pk: int):
        sale = self._sale(request, slug, pk)
        data = ReturnSaleInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        sale = return_sale_update(
            sale,
            by=request.user,
            period_start=values.get("period_start"),
            period_end=values.get("period_end"),
            amount=values.get("amount"),
            currency=values.get("currency", ""),
            note=values.get("note", ""),
        )
        return Response(ReturnSaleSerializer(sale).data)

    @extend_schema(
        tags=["return sales"],
        summary="Delete a return sales row",
        responses=with_errors({204: None}, 403, 404),
    )
    def delete(self, request, slug: str, pk: int):
        return_sale_delete(self._sale(request, slug, pk), by=request.user)
        return Response(status=http.HTTP_204_NO_CONTENT)


class SurveyResponseListView(ApiViewMixin, APIView):
    @extend_schema(
        tags=["surveys"],
        summary="The programme's meeting survey answers (one per respondent per meeting)",
        responses=with_errors({200: ProgrammeSurveyResponseSerializer(many=True)}, 403, 404),
    )
    def get(self, request, slug: str):
        programme = _programme(request, slug)
        answers = (
            SurveyResponse.objects.filter(meeting__in=selectors.published_meetings([programme]))
            .select_related("link__company", "link__user")
            .order_by("meeting__starts_at", "meeting_id", "respondent_kind")
        )
        return Response(ProgrammeSurveyResponseSerializer(answers, many=True).data)


class FollowUpSurveyListView(ApiViewMixin, APIView):
    @extend_schema(
        tags=["surveys"],
        summary="The programme's follow-up survey rounds and their answers",
        parameters=[OpenApiParameter("answered", OpenApiTypes.BOOL)],
        responses=with_errors({200: FollowUpSurveySerializer(many=True)}, 403, 404),
    )
    def get(self, request, slug: str):
        programme = _programme(request, slug)
        answered = {"1": True, "true": True, "0": False, "false": False}.get(
            request.query_params.get("answered", "")
        )
        rows = selectors.follow_up_surveys_for(programme, answered=answered)
        return Response(FollowUpSurveySerializer(rows, many=True).data)


# --- a respondent's own survey, by its private token -----------------------------------------


class _TokenView(ApiViewMixin, APIView):
    authentication_classes = ()
    permission_classes = (AllowAny,)

    def _speak(self, request, language: str) -> None:
        if "HTTP_ACCEPT_LANGUAGE" in request.META or settings.LANGUAGE_COOKIE_NAME in (
            request.COOKIES
        ):
            return
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language


class MySurveyView(_TokenView):
    def _link(self, request, token):
        try:
            link = survey_link_resolve(token)
        except LinkInvalid as exc:
            raise Http404(str(exc.message)) from exc
        self._speak(request, link.language)
        return link

    def _body(self, link):
        answer = SurveyResponse.objects.filter(link=link).first()
        return MySurveySerializer({"link": link, "answer": answer}).data

    @extend_schema(
        tags=["surveys"],
        summary="A respondent's own meeting survey (the token is the permission)",
        auth=[],
        responses=with_errors({200: MySurveySerializer}, 404),
    )
    def get(self, request, token: str):
        return Response(self._body(self._link(request, token)))

    @extend_schema(
        tags=["surveys"],
        summary="Answer, or change the answer to, a respondent's meeting survey",
        auth=[],
        request=SurveyAnswerSerializer,
        responses=with_errors({200: MySurveySerializer}, 400, 404),
    )
    def put(self, request, token: str):
        link = self._link(request, token)
        data = SurveyAnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        survey_check_open(link)
        survey_answer(link, language=translation.get_language()[:5], **data.validated_data)
        return Response(self._body(link))


class MyFollowUpSurveyView(_TokenView):
    def _survey(self, request, token):
        try:
            survey = follow_up_survey_resolve(token)
        except LinkInvalid as exc:
            raise Http404(str(exc.message)) from exc
        self._speak(request, survey.language)
        return survey

    def _body(self, survey):
        meeting = survey.follow_up.meeting
        japanese = survey.respondent_kind == RespondentKind.JAPANESE
        start, end = (
            round_period(meeting.schedule.programme, survey.months) if japanese else (None, None)
        )
        return MyFollowUpSurveySerializer(
            {
                "survey": survey,
                "overseas": meeting.overseas.display_name,
                "domestic": meeting.domestic.display_name,
                "sales_period_start": start,
                "sales_period_end": end,
            }
        ).data

    @extend_schema(
        tags=["surveys"],
        summary="A company's own follow-up survey (the token is the permission)",
        auth=[],
        responses=with_errors({200: MyFollowUpSurveySerializer}, 404),
    )
    def get(self, request, token: str):
        return Response(self._body(self._survey(request, token)))

    @extend_schema(
        tags=["surveys"],
        summary="Answer a follow-up survey (once)",
        auth=[],
        request=FollowUpSurveyAnswerSerializer,
        responses=with_errors({200: MyFollowUpSurveySerializer}, 400, 404),
    )
    def put(self, request, token: str):
        survey = self._survey(request, token)
        data = FollowUpSurveyAnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        survey = follow_up_survey_answer(
            survey, language=translation.get_language()[:5], **data.validated_data
        )
        return Response(self._body(survey))


P = "programmes/<slug:slug>/outcomes"
urlpatterns = [
    path(f"{P}/follow-ups/", FollowUpListView.as_view(), name="follow_up.list"),
    path(f"{P}/follow-ups/<int:pk>/", FollowUpDetailView.as_view(), name="follow_up.detail"),
    path(f"{P}/follow-ups/<int:pk>/notes/", FollowUpNoteView.as_view(), name="follow_up.note"),
    path(f"{P}/return-sales/", ReturnSaleListView.as_view(), name="return_sale.list"),
    path(f"{P}/return-sales/<int:pk>/", ReturnSaleDetailView.as_view(), name="return_sale.detail"),
    path(f"{P}/survey-responses/", SurveyResponseListView.as_view(), name="survey_response.list"),
    path(f"{P}/follow-up-surveys/", FollowUpSurveyListView.as_view(), name="follow_up_survey.list"),
    path("surveys/<str:token>/", MySurveyView.as_view(), name="survey.mine"),
    path(
        "follow-up-surveys/<str:token>/",
        MyFollowUpSurveyView.as_view(),
        name="follow_up_survey.mine",
    ),
]

"""The public follow-up survey page behind a company's private link (/f/<token>/): no sign-in;
the link opens only that company's survey of that case and round. It opens in the company's
language (en/ja/ru/vi/th) unless this browser chose another. It takes one answer; refusals
(a forged link, a survey not yet open, closed or already answered, a bad value) are shown in
that language and save nothing."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.i18n import company_facing

from ..exceptions import AnswerRefused, LinkInvalid, MonitoringError
from ..forms import FollowUpSurveyForm
from ..models import RespondentKind
from ..services import (
    follow_up_survey_answer,
    follow_up_survey_check_open,
    follow_up_survey_resolve,
)
from ..services.follow_up_surveys import round_period

LANGUAGES = ["en", "ja", "ru", "vi", "th"]


def _use_language(request, language: str) -> None:
    if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES and language in LANGUAGES:
        translation.activate(language)
        request.LANGUAGE_CODE = language
    elif translation.get_language()[:2] not in LANGUAGES:
        translation.activate("en")
        request.LANGUAGE_CODE = "en"


@company_facing
@require_http_methods(["GET", "POST"])
def follow_up_survey_page(request, token: str):
    try:
        survey = follow_up_survey_resolve(token)
    except LinkInvalid as exc:
        _use_language(request, "")
        context = {"refusal": exc.message, "page_languages": LANGUAGES}
        return render(request, "monitoring/follow_up_survey/refused.html", context, status=404)
    _use_language(request, survey.language)
    meeting = survey.follow_up.meeting
    programme = meeting.schedule.programme
    timezone.activate(programme.tzinfo)
    japanese = survey.respondent_kind == RespondentKind.JAPANESE
    start, end = round_period(programme, survey.months)
    context = {
        "survey": survey,
        "meeting": meeting,
        "programme": programme,
        "partner": meeting.overseas if japanese else meeting.domestic,
        "japanese": japanese,
        "period_start": start,
        "period_end": end,
        "page_languages": LANGUAGES,
    }
    try:
        follow_up_survey_check_open(survey)
    except MonitoringError as exc:
        context["refusal"] = exc.message
        return render(request, "monitoring/follow_up_survey/refused.html", context, status=410)
    if request.method == "POST":
        form = FollowUpSurveyForm(request.POST, japanese=japanese)
        if form.is_valid():
            try:
                follow_up_survey_answer(
                    survey, language=translation.get_language()[:5], **form.answer()
                )
            except AnswerRefused as exc:
                if not exc.errors:
                    context["refusal"] = exc.message
                    return render(
                        request, "monitoring/follow_up_survey/refused.html", context, status=410
                    )
                for field, problems in exc.errors.items():
                    for problem in problems:
                        form.add_error(field if field in form.fields else None, problem)
            except MonitoringError as exc:
                context["refusal"] = exc.message
                return render(
                    request, "monitoring/follow_up_survey/refused.html", context, status=410
                )
            else:
                messages.success(request, _("Thank you: your answer is saved."))
                return redirect(request.path)
    else:
        form = FollowUpSurveyForm(japanese=japanese)
    context["form"] = form
    return render(
        request,
        "monitoring/follow_up_survey/answer.html",
        context,
        status=400 if form.is_bound and form.errors else 200,
    )

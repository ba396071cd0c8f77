"""The public survey page behind a respondent's private link: no sign-in; the link opens only
that respondent's survey of that meeting. It opens in the respondent's language unless this
browser chose another with the language switch. Refusals are shown in that language and save
nothing."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.ratelimit import rate_limit

from ..exceptions import AnswerRefused, LinkInvalid, MonitoringError
from ..forms import SurveyForm
from ..models import LEVEL_MEANINGS, SurveyResponse
from ..services import survey_answer, survey_check_open, survey_link_resolve

LANGUAGES = ["en", "ja", "ru"]


def _use_language(request, language: str) -> None:
    if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES and language in LANGUAGES:
        translation.activate(language)
        request.LANGUAGE_CODE = language
    elif translation.get_language()[:2] not in LANGUAGES:
        translation.activate("en")
        request.LANGUAGE_CODE = "en"


@rate_limit("survey")
@require_http_methods(["GET", "POST"])
def survey_page(request, token: str):
    try:
        link = survey_link_resolve(token)
    except LinkInvalid as exc:
        _use_language(request, "")
        context = {"refusal": exc.message, "page_languages": LANGUAGES}
        return render(request, "monitoring/survey/refused.html", context, status=404)
    _use_language(request, link.language)
    programme = link.meeting.schedule.programme
    timezone.activate(programme.tzinfo)
    context = {
        "link": link,
        "meeting": link.meeting,
        "programme": programme,
        "page_languages": LANGUAGES,
        "levels": list(LEVEL_MEANINGS.items()),
    }
    try:
        survey_check_open(link)
    except MonitoringError as exc:
        context["refusal"] = exc.message
        return render(request, "monitoring/survey/refused.html", context, status=410)
    response = SurveyResponse.objects.filter(link=link).first()
    if request.method == "POST":
        form = SurveyForm(request.POST)
        if form.is_valid():
            try:
                survey_answer(link, language=translation.get_language()[:5], **form.answer())
            except AnswerRefused as exc:
                for field, problems in exc.errors.items():
                    for problem in problems:
                        form.add_error(field if field in form.fields else None, problem)
                if not exc.errors:
                    form.add_error(None, str(exc.message))
            except MonitoringError as exc:
                context["refusal"] = exc.message
                return render(request, "monitoring/survey/refused.html", context, status=410)
            else:
                messages.success(
                    request,
                    _("Thank you: your answer is saved. You can change it until the date below."),
                )
                return redirect(request.path)
    else:
        form = SurveyForm(initial=SurveyForm.initial_from(response))
    context.update(
        {"form": form, "response": response, "selected_level": str(form["level"].value() or "")}
    )
    return render(
        request,
        "monitoring/survey/answer.html",
        context,
        status=200 if form.is_bound is False or not form.errors else 400,
    )

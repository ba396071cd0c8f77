"""The application form's settings and the programme's own questions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from programmes.models import Programme

from ...exceptions import CompanyError
from ...forms import (
    ApplicationFormSettingsForm,
    QuestionForm,
)
from ...models import Question
from ...services.companies import (
    application_form_get_or_create,
    application_form_update,
    question_create,
    question_delete,
    question_update,
)
from .access import _managed_programme


def _show_errors(form, exc: CompanyError) -> None:
    if not exc.errors:
        form.add_error(None, str(exc.message))
    for name, problems in exc.errors.items():
        for problem in problems:
            form.add_error(name if name in form.fields else None, str(problem))


@login_required
def form_edit(request, slug):
    programme = _managed_programme(request, slug)
    application_form = application_form_get_or_create(programme)
    form = ApplicationFormSettingsForm(
        request.POST or None, instance=application_form, programme=programme
    )
    if request.method == "POST" and form.is_valid():
        try:
            application_form_update(application_form, by=request.user, **form.service_fields())
        except CompanyError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, _("Application form saved."))
            return redirect("companies:form.edit", slug=programme.slug)
    public_link = request.build_absolute_uri(
        reverse("companies:apply.start", kwargs={"token": application_form.public_token})
    )
    return render(
        request,
        "companies/form/edit.html",
        {
            "programme": programme,
            "application_form": application_form,
            "form": form,
            "public_link": public_link,
            "questions": application_form.questions.all(),
        },
    )


def _question(programme: Programme, pk: int) -> Question:
    return get_object_or_404(Question, form__programme=programme, pk=pk)


@login_required
def question_edit(request, slug, pk=None):
    programme = _managed_programme(request, slug)
    question = _question(programme, pk) if pk else None
    form = QuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        try:
            if question is None:
                question_create(
                    application_form_get_or_create(programme),
                    by=request.user,
                    **form.service_fields(),
                )
            else:
                question_update(question, by=request.user, **form.service_fields())
        except CompanyError as exc:
            _show_errors(form, exc)
        else:
            messages.success(request, _("Question saved."))
            return redirect("companies:form.edit", slug=programme.slug)
    return render(
        request,
        "companies/form/question.html",
        {"programme": programme, "question": question, "form": form},
    )


@login_required
@require_POST
def question_delete_view(request, slug, pk):
    programme = _managed_programme(request, slug)
    question = _question(programme, pk)
    question_delete(question, by=request.user)
    messages.success(request, _("Question “%(title)s” deleted.") % {"title": question.title})
    return redirect("companies:form.edit", slug=programme.slug)

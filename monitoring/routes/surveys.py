"""/s/<token>/: a respondent's private survey page (public, no sign-in)."""

from django.urls import path

from ..views import surveys as views

urlpatterns = [path("s/<str:token>/", views.survey_page, name="survey")]

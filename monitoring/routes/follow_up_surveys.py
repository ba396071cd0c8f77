"""/f/<token>/: a company's private follow-up survey page (public, no sign-in)."""

from django.urls import path

from ..views import follow_up_surveys as views

urlpatterns = [path("f/<str:token>/", views.follow_up_survey_page, name="follow_up_survey")]

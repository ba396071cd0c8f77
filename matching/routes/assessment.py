"""Routes: the staff side of the assessment round (settings, criteria, conflicts, assignments,
ranking, decisions, invitations, participants). Combined into "matching" by matching/urls.py."""

from django.urls import path
from django.views.decorators.http import require_safe

from matching.views import notify
from matching.views import staff as views

P = "programmes/<slug:slug>/assessment"

urlpatterns = [
    path(f"{P}/", require_safe(views.assessment_overview), name="assessment"),
    path(f"{P}/settings/", views.assessment_settings, name="assessment.settings"),
    path(f"{P}/lock/", views.assessment_lock_view, name="assessment.lock"),
    path(f"{P}/unlock/", views.assessment_unlock_view, name="assessment.unlock"),
    path(f"{P}/criteria/new/", views.criterion_edit, name="criterion.create"),
    path(f"{P}/criteria/<int:pk>/edit/", views.criterion_edit, name="criterion.edit"),
    path(f"{P}/criteria/<int:pk>/delete/", views.criterion_delete_view, name="criterion.delete"),
    path(f"{P}/conflicts/", views.conflict_list, name="conflict.list"),
    path(f"{P}/conflicts/<int:pk>/delete/", views.conflict_delete, name="conflict.delete"),
    path(f"{P}/assignments/", views.assignment_list, name="assignment.list"),
    path(f"{P}/assignments/auto/", views.assignment_auto, name="assignment.auto"),
    path(
        f"{P}/assignments/<int:pk>/delete/",
        views.assignment_delete_view,
        name="assignment.delete",
    ),
    path(f"{P}/ranking/", require_safe(views.ranking), name="ranking"),
    path(f"{P}/ranking/export/", require_safe(views.ranking_export), name="ranking.export"),
    path(f"{P}/decisions/", views.decision_create, name="decision.create"),
    path(f"{P}/decisions/notify/", notify.decision_notify, name="decision.notify"),
    path(
        f"{P}/decisions/notify/confirm/",
        require_safe(notify.decision_notify_confirm),
        name="decision.notify.confirm",
    ),
    path(f"{P}/waitlist/promote/", views.waitlist_promote_view, name="waitlist.promote"),
    path(f"{P}/invitations/", views.invitation_create, name="invitation.create"),
    path(f"{P}/participants/", require_safe(views.participant_list), name="participant.list"),
    path(
        f"{P}/participants/<int:pk>/respond/",
        views.participant_respond,
        name="participant.respond",
    ),
]

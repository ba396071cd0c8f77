from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = _("Programmes")

    def ready(self):
        from core.requeue import requeue_register

        from .tasks import programme_export_run

        # A job left queued (its message lost) is queued again (core/requeue.py).
        requeue_register("programme_export", programme_export_run)

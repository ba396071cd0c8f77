from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompaniesConfig(AppConfig):
    name = "companies"
    verbose_name = _("Companies and applications")

    def ready(self):
        from core.requeue import requeue_register

        from .tasks import import_apply_run, import_preview_run

        # A job left queued (its message lost) is queued again (core/requeue.py).
        requeue_register("companies.import_preview", import_preview_run)
        requeue_register("companies.import_apply", import_apply_run)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self):
        from core.requeue import requeue_register

        from .tasks import report_build

        # A report's job left queued (its message lost) is queued again (core/requeue.py).
        requeue_register("monitoring.report_build", report_build)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulingConfig(AppConfig):
    name = "scheduling"
    verbose_name = _("Scheduling")

    def ready(self):
        from core.requeue import requeue_register

        from .tasks import agenda_day_bundle_run, schedule_run_execute

        # A job left queued (its message lost) is queued again (core/requeue.py); a schedule
        # run's task is keyed by its run.
        requeue_register("agenda_day_bundle", agenda_day_bundle_run)
        requeue_register(
            "schedule_run",
            schedule_run_execute,
            kwargs=lambda job: {"run_id": job.params["run_id"]},
        )

"""Queue again, now, the background jobs saved but never started (core/requeue.py); what the
beat task core.jobs_requeue does every minute."""

from django.core.management.base import BaseCommand

from core.requeue import jobs_requeue


class Command(BaseCommand):
    help = "Queue again the background jobs still queued past JOB_REQUEUE_AFTER_SECONDS."

    def handle(self, *args, **options):
        requeued = jobs_requeue()
        self.stdout.write(f"{len(requeued)} job(s) queued again.")

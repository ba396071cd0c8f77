"""Run one schedule run in the foreground, through the same service as the staff's job, and
print the new draft's id and quality (with --json: exactly one JSON object)."""

import json

from django.core.management.base import BaseCommand, CommandError

from programmes.models import Programme
from scheduling import services
from scheduling.exceptions import SchedulingError
from scheduling.models import ScheduleRun


def summary(run: ScheduleRun) -> dict:
    """The --json object (the interface other tools rely on; see issue 9 and the docs)."""
    quality = run.schedule.quality
    return {
        "schedule": run.schedule.pk,
        "status": quality["status"],
        "meetings": quality["meetings"],
        "objective": quality["objective"],
        "upper_bound": quality["upper_bound"],
        "ratio": quality["ratio"],
        "seconds": round(sum(run.timings.values()), 3),
        "per_company": quality["per_company"],
        "unmet_must": len(quality["unmet_must"]),
    }


class Command(BaseCommand):
    help = "Run the optimiser on a programme and store a draft schedule."

    def add_arguments(self, parser):
        parser.add_argument("--programme", required=True, metavar="SLUG")
        parser.add_argument("--time-limit", type=int, default=60, metavar="SECONDS")
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args, programme, time_limit, json: bool = False, **options):
        found = Programme.objects.filter(slug=programme).first()
        if found is None:
            raise CommandError(f"No programme with the short name “{programme}”.", returncode=2)
        try:
            run = services.schedule_run_create(found, by=None, time_limit=time_limit)
        except SchedulingError as exc:
            raise CommandError(
                f"{found.slug} cannot be scheduled: {exc.message}", returncode=2
            ) from exc
        run = services.schedule_run_execute(run, worker="manage.py schedule_run")
        if run.status != ScheduleRun.Status.SUCCEEDED:
            raise CommandError(f"The run failed: {run.message}", returncode=1)
        result = summary(run)
        if json:
            self.stdout.write(_dumps(result))
            return
        spread = result["per_company"]
        self.stdout.write(
            f"Draft schedule {result['schedule']}: {result['meetings']} meetings, "
            f"objective {result['objective']} / bound {result['upper_bound']} = "
            f"{result['ratio']:.4f} ({result['status']}), {result['seconds']:.2f} s.\n"
            f"Meetings per overseas company: {_spread(spread['overseas'])}; "
            f"per Japanese company: {_spread(spread['domestic'])}.\n"
            f"Unmet “must meet” requests: {result['unmet_must']}."
        )


def _spread(values: dict) -> str:
    return f"min {values['min']}, mean {values['mean']}, max {values['max']}"


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)

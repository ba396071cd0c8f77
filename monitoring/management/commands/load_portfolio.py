"""Generate a portfolio at the 2012–2016 scale of the CEO Network project (56 programmes,
10,285 meetings, 775 overseas and 3,288 Japanese companies by default), for benchmarks and for
trying the dashboards and reports: every programme with a published schedule, three survey
answers per held meeting, outcome levels, follow-ups, return sales (monitoring/portfolio/).

Run again, it REPLACES the portfolio it made before (programmes ``portfolio-<year>-<nn>-...``
and their companies, people and rates); nothing else is touched, the demo included. The same
--seed gives the same portfolio."""

from django.core.management.base import BaseCommand, CommandError

from monitoring.portfolio import PortfolioRefused, portfolio_load


class Command(BaseCommand):
    help = "Generate (or replace) a portfolio of programmes with held meetings and outcomes."

    def add_arguments(self, parser):
        parser.add_argument("--programmes", type=int, default=56)
        parser.add_argument("--meetings", type=int, default=10285)
        parser.add_argument("--overseas", type=int, default=775, help="overseas companies")
        parser.add_argument("--domestic", type=int, default=3288, help="Japanese companies")
        parser.add_argument("--seed", type=int, default=2012)

    def handle(self, *args, programmes, meetings, overseas, domestic, seed, **options):
        try:
            loaded = portfolio_load(
                programmes=programmes,
                meetings=meetings,
                overseas=overseas,
                domestic=domestic,
                seed=seed,
            )
        except PortfolioRefused as refused:
            raise CommandError(str(refused), returncode=2) from refused
        counts = loaded.counts
        if loaded.replaced:
            self.stdout.write(f"Replaced the portfolio made before ({loaded.replaced} programmes).")
        self.stdout.write(
            f"Portfolio (seed {seed}): {counts['programmes']} programmes, "
            f"{counts['meetings']} meetings ({counts['meetings held']} held, "
            f"{counts['meetings no_show']} no-shows, {counts['meetings cancelled']} cancelled), "
            f"{overseas} overseas and {domestic} Japanese companies, "
            f"{counts['survey answers']} survey answers, {counts['follow-ups']} follow-ups, "
            f"{counts['return sales']} return sales, {counts['follow-up surveys']} follow-up "
            f"surveys ({counts['follow-up surveys answered']} answered); "
            f"in {loaded.seconds:.1f} s."
        )
        details = ", ".join(
            f"{label} {n}"
            for label, n in counts.items()
            if not label.startswith(("meetings ", "follow-ups ", "follow-up surveys answered"))
        )
        self.stdout.write(f"Rows: {details}.")
        timings = loaded.timings
        inserts = sum(v for k, v in timings.items() if k not in ("delete", "generate", "commit"))
        self.stdout.write(
            f"Seconds: delete {timings['delete']:.1f}, generate {timings['generate']:.1f}, "
            f"inserts {inserts:.1f}, commit {timings['commit']:.1f}."
        )
        if not loaded.follow_up_surveys:
            self.stdout.write("(No follow-up surveys: the model is not there yet.)")

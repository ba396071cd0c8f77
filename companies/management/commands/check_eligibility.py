"""python manage.py check_eligibility --country JP --sector services --legal-form company
[--capital N] [--sales N] [--balance-sheet N] [--employees N] [--currency JPY]
[--date YYYY-MM-DD] [--rule-set NAME] [--json]

A stable interface: with --json it prints {"eligible", "size_class", "rule_set", "reasons"}
exactly as POST /api/v1/eligibility/check answers."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from companies.eligibility_input import parse_check_input
from companies.exceptions import CompanyError
from companies.models import LegalForm
from companies.services.eligibility import eligibility_check


class Command(BaseCommand):
    help = "Check SME eligibility of a company's figures under the law or a named rule set."

    def add_arguments(self, parser):
        parser.add_argument("--country", required=True, help="ISO 3166 alpha-2 code, or EU")
        parser.add_argument("--sector", required=True)
        parser.add_argument("--legal-form", required=True, choices=LegalForm.values)
        parser.add_argument("--capital")
        parser.add_argument("--sales")
        parser.add_argument("--balance-sheet")
        parser.add_argument("--employees")
        parser.add_argument("--currency", help="ISO 4217 code of the money figures")
        parser.add_argument("--date", help="YYYY-MM-DD: the day the figures refer to")
        parser.add_argument("--rule-set", help="the name of a rule set (default: the law)")
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args, **options):
        raw = {
            "country": options["country"],
            "sector": options["sector"],
            "legal_form": options["legal_form"],
            "capital": options["capital"],
            "sales": options["sales"],
            "balance_sheet": options["balance_sheet"],
            "employees": options["employees"],
            "currency": options["currency"],
            "date": options["date"],
            "rule_set": options["rule_set"],
        }
        try:
            check = eligibility_check(**parse_check_input(raw))
        except CompanyError as exc:
            lines = [str(exc.message)]
            for field, messages in exc.errors.items():
                lines += [f"  --{field.replace('_', '-')}: {message}" for message in messages]
            raise CommandError("\n".join(lines)) from exc
        result = check.to_json()
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        verdict = {True: _("SME"), False: _("not an SME"), None: _("cannot decide")}[
            result["eligible"]
        ]
        size = f" ({result['size_class']})" if result["size_class"] else ""
        self.stdout.write(
            _("%(verdict)s under %(rule_set)s")
            % {"verdict": f"{verdict}{size}", "rule_set": result["rule_set"]}
        )
        for reason in result["reasons"]:
            self.stdout.write(f"  - {reason}")

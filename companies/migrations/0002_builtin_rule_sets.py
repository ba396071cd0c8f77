"""Load the SME rule sets shipped with the application (companies/eligibility/builtin.py).
Later changes to the shipped data come with a migration that runs the same sync again."""

from django.db import migrations


def sync(apps, schema_editor):
    from companies.eligibility import BUILTIN_RULE_SETS
    from companies.services.companies import builtin_rule_set_fields

    RuleSet = apps.get_model("companies", "RuleSet")
    for data in BUILTIN_RULE_SETS:
        RuleSet.objects.update_or_create(name=data["name"], defaults=builtin_rule_set_fields(data))


class Migration(migrations.Migration):
    dependencies = [("companies", "0001_initial")]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]

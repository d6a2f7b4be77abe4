"""Shipped 台账同义词 (fazhi.cases.ledger_aliases.DEFAULTS; a bureau edits and adds its own in the admin)."""

from django.db import migrations

from fazhi.cases.ledger_aliases import DEFAULTS, ensure_defaults


def add(apps, schema_editor):
    ensure_defaults(apps.get_model("cases", "LedgerAlias"))


def remove(apps, schema_editor):
    LedgerAlias = apps.get_model("cases", "LedgerAlias")
    for kind, header, alias, value in DEFAULTS:
        LedgerAlias.objects.filter(kind=kind, header=header, alias=alias, value=value).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0011_ledger_alias")]

    operations = [migrations.RunPython(add, remove)]

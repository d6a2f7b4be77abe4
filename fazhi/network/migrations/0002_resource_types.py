"""The default list of resource types (fazhi.network.defaults; a bureau edits it in the admin)."""

from django.db import migrations


def load(apps, schema_editor):
    from fazhi.network.defaults import ensure_resource_types

    ensure_resource_types(apps.get_model("network", "ResourceType"))


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

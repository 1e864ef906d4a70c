from django.db import migrations


def load(apps, schema_editor):
    from municipalities.reference_data import load_reference_data

    load_reference_data(apps.get_model("municipalities", "Region"), apps.get_model("municipalities", "Organization"))


class Migration(migrations.Migration):
    dependencies = [("municipalities", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

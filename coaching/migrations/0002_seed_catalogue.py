from django.db import migrations


def seed(apps, schema_editor):
    from coaching.seed import catalogue_sync

    catalogue_sync(model=apps.get_model("coaching", "TaskTemplate"))


class Migration(migrations.Migration):
    dependencies = [("coaching", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

"""REF-11 (17 PNS golongan/pangkat) and REF-12 (PPPK golongan I–XVII) as system data."""

from django.db import migrations


def load(apps, schema_editor):
    from kinerja.org.grades import ensure_grades

    ensure_grades(apps.get_model("org", "Grade"))


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

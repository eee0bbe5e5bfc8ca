"""CREATE audit entries: {field: [null, value]} -> {field: value} (see kinerja.core.audit_upgrade)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from kinerja.core.audit_upgrade import rewrite_create_entries

    rewrite_create_entries(apps.get_model("core", "AuditEntry"), schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_unread_indexes")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

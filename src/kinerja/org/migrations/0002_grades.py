"""REF-11 (17 PNS golongan/pangkat) and REF-12 (PPPK golongan I–XVII) as system data."""

from django.db import migrations

PNS = [
    ("I/a", "Juru Muda"), ("I/b", "Juru Muda Tingkat I"), ("I/c", "Juru"), ("I/d", "Juru Tingkat I"),
    ("II/a", "Pengatur Muda"), ("II/b", "Pengatur Muda Tingkat I"), ("II/c", "Pengatur"),
    ("II/d", "Pengatur Tingkat I"), ("III/a", "Penata Muda"), ("III/b", "Penata Muda Tingkat I"),
    ("III/c", "Penata"), ("III/d", "Penata Tingkat I"), ("IV/a", "Pembina"),
    ("IV/b", "Pembina Tingkat I"), ("IV/c", "Pembina Utama Muda"), ("IV/d", "Pembina Utama Madya"),
    ("IV/e", "Pembina Utama"),
]
PPPK = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
        "XV", "XVI", "XVII"]


def load(apps, schema_editor):
    Grade = apps.get_model("org", "Grade")
    for order, (code, pangkat) in enumerate(PNS, start=1):
        Grade.objects.update_or_create(employee_type="PNS", code=code,
                                       defaults={"pangkat": pangkat, "order": order})
    for order, code in enumerate(PPPK, start=1):
        Grade.objects.update_or_create(employee_type="PPPK", code=code,
                                       defaults={"pangkat": "", "order": order})


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

"""INT-7: exports carry the code plus the Indonesian label, whatever the user's language."""

from django.utils import translation

from kinerja.planning.choices import PlanStatus, WorkResultKind
from kinerja.planning.documents.xlsx import _label


def test_export_label_is_indonesian_under_an_english_interface_INT_7():
    with translation.override("id"):
        indonesian = str(PlanStatus.APPROVED.label)
    with translation.override("en"):
        assert str(PlanStatus.APPROVED.label) != indonesian  # the UI would show English
        assert _label(PlanStatus, "APPROVED") == indonesian


def test_main_work_result_kind_reads_main_in_english_and_utama_in_indonesian():
    with translation.override("en"):
        assert str(WorkResultKind.MAIN.label) == "Main"
    with translation.override("id"):
        assert str(WorkResultKind.MAIN.label) == "Utama"

"""Import of units, positions, employees and assignments from CSV or XLSX (INT-8, ID-*, ORG-*).

reading → parsing (normalise cells) → validation (rules over the file and the stored data)
→ writing (bulk, audited). The page, the API and the command call ``service``.
"""

from kinerja.people.importing.reading import ImportFileError
from kinerja.people.importing.report import ImportReport, KindCounts, RowError
from kinerja.people.importing.service import (
    import_agencies_for,
    import_agency_for,
    import_allowed,
    import_commit,
    import_preview,
)

__all__ = [
    "ImportFileError",
    "ImportReport",
    "KindCounts",
    "RowError",
    "import_agencies_for",
    "import_agency_for",
    "import_allowed",
    "import_commit",
    "import_preview",
]

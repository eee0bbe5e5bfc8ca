"""Official planning documents: the SKP and its annex as PDF, the plans of a unit and a JA/JF plan
as XLSX (DOC-1..DOC-8, DOC-12, DOC-13, INT-7). ``context`` builds the printed data from the
plan's stored data; ``pdf`` and ``xlsx`` write the files."""

"""Parse a batch of stored files into staging rows: the unit of work a parser process receives.

Kept apart from the warehouse code so a worker process imports only the parser.
"""

from __future__ import annotations

from lgo_pipeline.parsing.documents import parse_document
from lgo_pipeline.parsing.records import DecisionRecord

StoredRow = tuple[str, str, str, str | None]  # file_id, path, encoding, text


def parse_batch(rows: list[StoredRow], version: int) -> tuple[list[dict], list[dict], list[dict]]:
    """(decision rows, remedy rows, quarantine rows) for `staging`, in the input order."""
    decisions, remedies, quarantine = [], [], []
    for file_id, path, encoding, text in rows:
        try:
            record = parse_document(text, encoding, path)
        except Exception as error:  # noqa: BLE001 - a parser bug quarantines one file, never the batch
            record = DecisionRecord.quarantined(path, f"parser error ({type(error).__name__}: {error}): please report")
        if not record.ok:
            quarantine.append({"file_id": file_id, "path": path, "reason": record.error, "parser_version": version})
            continue
        decisions.append({**record.model_dump(exclude={"ok", "error", "remedies"}), "file_id": file_id,
                          "parser_version": version})
        for index, remedy in enumerate(record.remedies):
            remedies.append({**remedy.model_dump(), "file_id": file_id, "reference": record.reference,
                             "remedy_index": index, "parser_version": version})
    return decisions, remedies, quarantine

"""Parser accuracy against a generated corpus's truth, field by field."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from lgo_pipeline.generate.corpus import TRUTH_FILE
from lgo_pipeline.parsing.documents import parse_path

FIELDS = ("ok", "reference", "organisation", "category", "category_top", "category_sub", "outcome",
          "outcome_canonical", "decision_date", "complainant", "summary", "signed_by", "document_type",
          "remedy_amounts_gbp", "remedies", "warnings")


@dataclass(frozen=True)
class Accuracy:
    documents: int
    right: dict[str, int]
    examples: dict[str, list[tuple[str, object, object]]]  # field -> a few (file, expected, parsed)

    def share(self, field: str) -> float:
        return self.right[field] / self.documents if self.documents else 1.0


def measure(corpus: Path, limit: int | None = None, examples: int = 3) -> Accuracy:
    right = dict.fromkeys(FIELDS, 0)
    wrong: dict[str, list[tuple[str, object, object]]] = {}
    documents = 0
    with open(corpus / TRUTH_FILE, encoding="utf-8") as truth_lines:
        for line in truth_lines:
            if limit is not None and documents >= limit:
                break
            truth = json.loads(line)
            parsed = parse_path(corpus / truth["source"]).model_dump(mode="json")
            documents += 1
            for field in FIELDS:
                if parsed[field] == truth[field]:
                    right[field] += 1
                elif len(wrong.setdefault(field, [])) < examples:
                    wrong[field].append((truth["source"], truth[field], parsed[field]))
    return Accuracy(documents, right, wrong)

"""How well the parser reads files whose truth is known, field by field (`lgo-pipeline accuracy`).

Two kinds of truth file, told apart by their keys:
- the generator's (`lgo-pipeline generate`): one parse record per file, `source` its name, every field
  compared exactly;
- hand-checked real pages (`../shared/real_pages/truth.jsonl`, conventions in its README): `file`,
  `decision`, `amounts_gbp`, `remedy_kinds`...; payments compared as a multiset (order aside), remedy
  kinds as a set with `other` aside (an action the conventions file under no kind).
For either, precision and recall of each kind of remedy, and of `already_provided` (a remedy the body had
given before the decision) where the truth records it.
The files sit beside the truth file, or in a `pages/` folder beside it.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lgo_pipeline.parsing.documents import parse_path

# The real pages' truth names a procedure or policy review `procedure_change`.
_TRUTH_KIND = {"procedure_review": "procedure_change"}
KINDS = ("apology", "payment", "refund", "reassessment", "procedure_change", "staff_training")


def _kinds(remedies: list) -> list[str]:
    """The kinds of remedy as a sorted set, `other` aside; from parse records or from truth's kind names."""
    names = (r["kind"] if isinstance(r, dict) else r for r in remedies)
    return sorted({_TRUTH_KIND.get(name, name) for name in names} - {"other"})


@dataclass(frozen=True)
class Field:
    name: str  # as reported
    truth_key: str
    parsed: Callable[[dict], object]  # the compared value, from the parse record
    expected: Callable[[object], object] = lambda value: value  # the compared value, from the truth


def _same(name: str) -> Field:
    return Field(name, name, lambda record: record[name])


GENERATED_FIELDS = tuple(_same(name) for name in (
    "ok", "reference", "organisation", "category", "category_top", "category_sub", "outcome", "outcome_canonical",
    "outcome_source", "decision_date", "complainant", "summary", "signed_by", "document_type", "remedy_amounts_gbp",
    "remedies", "warnings", "compliance_date"))
REAL_PAGE_FIELDS = (
    Field("ok", "file", lambda record: record["ok"], lambda _: True),  # every real page is a decision
    *(_same(name) for name in ("reference", "organisation", "category")),
    Field("outcome", "decision", lambda record: record["outcome"]),
    _same("decision_date"),
    _same("complainant"),
    Field("remedy_amounts_gbp", "amounts_gbp", lambda record: sorted(record["remedy_amounts_gbp"]), sorted),
    Field("remedy_kinds", "remedy_kinds", lambda record: _kinds(record["remedies"]), _kinds),
)
HEADER_FIELDS = ("reference", "organisation", "category", "outcome", "decision_date")


@dataclass(frozen=True)
class Accuracy:
    documents: int
    fields: tuple[str, ...]
    right: dict[str, int]
    examples: dict[str, list[tuple[str, object, object]]]  # field -> a few (file, expected, parsed)
    invented_payments: list[str]  # files whose truth has no payment where the parser reads one
    kinds: dict[str, Counter]  # kind -> true/false positives and false negatives over the files
    already_provided: Counter | None  # the same over remedies; None when the truth does not record it

    def share(self, field: str) -> float:
        return self.right[field] / self.documents if self.documents else 1.0


def _page(truth_file: Path, name: str) -> Path:
    beside = truth_file.parent / name
    return beside if beside.exists() else truth_file.parent / "pages" / name


def measure(truth_file: Path, limit: int | None = None, examples: int = 3) -> Accuracy:
    """Parse every file the truth names (the first `limit`) and compare field by field."""
    fields: tuple[Field, ...] = ()
    right: dict[str, int] = {}
    wrong: dict[str, list[tuple[str, object, object]]] = {}
    invented: list[str] = []
    kinds = {kind: Counter() for kind in KINDS}
    already: Counter | None = None
    documents = 0
    with open(truth_file, encoding="utf-8") as lines:
        for line in lines:
            if limit is not None and documents >= limit:
                break
            truth = json.loads(line)
            if not fields:
                fields = REAL_PAGE_FIELDS if "file" in truth else GENERATED_FIELDS
                right = dict.fromkeys((f.name for f in fields), 0)
            name = truth.get("file") or truth["source"]
            record = parse_path(_page(truth_file, name)).model_dump(mode="json")
            documents += 1
            for field in fields:
                expected, parsed = field.expected(truth[field.truth_key]), field.parsed(record)
                if expected == parsed:
                    right[field.name] += 1
                elif len(wrong.setdefault(field.name, [])) < examples:
                    wrong[field.name].append((name, expected, parsed))
            truth_payments = truth.get("amounts_gbp", truth.get("remedy_amounts_gbp"))
            if not truth_payments and record["remedy_amounts_gbp"]:
                invented.append(name)
            expected_kinds = set(_kinds(truth.get("remedy_kinds", truth.get("remedies", []))))
            for kind, found in ((k, k in _kinds(record["remedies"])) for k in KINDS):
                kinds[kind][_outcome(kind in expected_kinds, found)] += 1
            if "remedies" in truth and all("already_provided" in r for r in truth["remedies"]):
                already = already if already is not None else Counter()
                for told, read in zip(truth["remedies"], record["remedies"]):
                    already[_outcome(told["already_provided"], read["already_provided"])] += 1
    return Accuracy(documents, tuple(f.name for f in fields), right, wrong, invented, kinds, already)


def _outcome(expected: bool, found: bool) -> str:
    return {(True, True): "tp", (False, True): "fp", (True, False): "fn"}.get((expected, found), "tn")


def _precision_recall(counts: Counter) -> str:
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    precision = f"{tp / (tp + fp):7.1%}" if tp + fp else "      –"
    recall = f"{tp / (tp + fn):7.1%}" if tp + fn else "      –"
    return f"precision {precision} recall {recall}  ({tp} right, {fp} read wrongly, {fn} missed)"


def describe(accuracy: Accuracy, truth_file: Path) -> list[str]:
    """The report `lgo-pipeline accuracy` prints: a line per field, then what was wrong."""
    lines = [f"parser accuracy on {accuracy.documents:,} files of {truth_file}"]
    for field in accuracy.fields:
        lines.append(f"  {field:20} {accuracy.right[field]:6,}/{accuracy.documents:<6,} {accuracy.share(field):8.2%}")
    lines.append(f"  payments where the truth has none: {len(accuracy.invented_payments)} files"
                 + (f" ({', '.join(accuracy.invented_payments[:5])})" if accuracy.invented_payments else ""))
    lines.append("  kinds of remedy, file by file:")
    lines += [f"    {kind:18} {_precision_recall(counts)}" for kind, counts in accuracy.kinds.items()]
    lines.append("  already provided, remedy by remedy: " + (_precision_recall(accuracy.already_provided)
                 if accuracy.already_provided is not None else "not recorded in this truth"))
    for field, cases in accuracy.examples.items():
        for name, expected, parsed in cases:
            lines.append(f"  WRONG {field} in {name}: expected {expected!r}, read {parsed!r}")
    return lines

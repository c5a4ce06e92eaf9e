"""Field accuracy of the parser on the labelled fixtures: `python -m lgo_pipeline_tests.fixture_accuracy`.

Each fixture in fixtures/decisions/ has its expected parse record in expected.yml; a field is right when
it equals the expectation exactly (remedies compared as a whole list, without their text).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from lgo_pipeline.parsing.documents import parse_path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "decisions"
REMEDY_FIELDS = ("kind", "amount_gbp", "rate", "recipient", "purpose", "due_within_days")


def expected_records() -> dict[str, dict]:
    return yaml.safe_load((FIXTURES / "expected.yml").read_text(encoding="utf-8"))


def actual_fields(name: str) -> dict:
    record = parse_path(FIXTURES / name).model_dump(mode="json")
    record["remedies"] = [{k: r[k] for k in REMEDY_FIELDS} for r in record["remedies"]]
    return record


def field_mismatches() -> tuple[dict[str, int], dict[str, list[tuple[str, object, object]]]]:
    """(fixtures checked per field, field -> [(fixture, expected, actual)]) over every fixture."""
    checked: dict[str, int] = {}
    wrong: dict[str, list[tuple[str, object, object]]] = {}
    for name, expected in expected_records().items():
        actual = actual_fields(name)
        for field, value in expected.items():
            if field == "covers":
                continue
            checked[field] = checked.get(field, 0) + 1
            if actual[field] != value:
                wrong.setdefault(field, []).append((name, value, actual[field]))
    return checked, wrong


def main() -> None:
    checked, wrong = field_mismatches()
    print(f"parser field accuracy on {max(checked.values())} labelled fixtures ({FIXTURES})")
    for field, total in checked.items():
        right = total - len(wrong.get(field, []))
        print(f"  {field:20} {right:3}/{total:<3} {right / total:7.1%}")
    for field, cases in wrong.items():
        for name, expected, actual in cases:
            print(f"  WRONG {field} in {name}: expected {expected!r}, got {actual!r}")


if __name__ == "__main__":
    main()

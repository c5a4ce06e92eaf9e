"""Reading decision statements: pure functions from text to `DecisionRecord` (no Dagster)."""

from lgo_pipeline.parsing.parser import PARSER_VERSION, parse_text
from lgo_pipeline.parsing.records import DecisionRecord, Remedy

__all__ = ["PARSER_VERSION", "DecisionRecord", "Remedy", "parse_text"]

"""Full-text search over the published decisions: the index beside the warehouse and the function that asks it."""

from lgo_pipeline.search.index_store import SearchIndexError
from lgo_pipeline.search.query_language import QueryError
from lgo_pipeline.search.searching import RESULT_FIELDS, SearchResult, count, search

__all__ = ["RESULT_FIELDS", "QueryError", "SearchIndexError", "SearchResult", "count", "search"]

"""The full-text search index beside the warehouse."""

"""Raw-file ingestion."""


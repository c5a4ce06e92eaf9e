"""The `parsed` schema's tables: which stored raw files the current parser has not read, parsing them on
every core (a batch per process, Arrow tables back), and writing the records, remedies and quarantine rows.
The parser itself is `parsing`, which knows nothing of the warehouse."""

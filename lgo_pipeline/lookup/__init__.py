"""The `lookup` schema's inputs: the organisation register stored in the warehouse, and the labels as written
that the normalisation maps (read by the SQL project's card rule). The mappings themselves are `normalise`,
which knows nothing of the warehouse."""

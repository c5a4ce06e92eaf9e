"""Publishing the working copy as the snapshot readers query."""

"""The refresh job, its daily schedule and the new-files sensor."""


"""Fetching decision pages from the Ombudsman's site into the raw folder."""

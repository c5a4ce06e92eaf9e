"""The report site: an index, a page per organisation and a data dictionary over the marts, opening offline."""

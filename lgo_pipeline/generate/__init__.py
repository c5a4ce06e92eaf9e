"""A realistic synthetic corpus of decision files with their true parse records (`lgo-pipeline generate`)."""

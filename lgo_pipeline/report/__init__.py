"""The HTML report: charts and tables over the marts, one self-contained file."""

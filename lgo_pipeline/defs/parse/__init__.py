"""Parsing raw text into staging."""


"""Readers for the benchmark corpus, PAN12 files and the generic JSONL/CSV import format."""

"""Benchmarks: `make bench` (python -m bench) prints a table and rewrites BENCHMARKS.md."""

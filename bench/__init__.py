"""Benchmarks of the PDF service: `python -m bench.run [--quick]`. Never imported by the app."""

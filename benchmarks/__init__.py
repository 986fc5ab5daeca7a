"""Benchmarks of the core computations at national scale (run ``python benchmarks/run.py``)."""

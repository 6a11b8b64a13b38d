"""Benchmarks run by hand (`python -m benchmarks`), never as part of the test suite."""

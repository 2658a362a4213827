"""Pure Python energy and energy-poverty calculations.

Nothing in this package imports Django: functions take plain values and return plain values so
that views, PDFs, exports and benchmarks reuse them and tests run fast.
"""

import sys


def pytest_terminal_summary(terminalreporter):
    """The fuzz test's figure: how many requests it sent (``tests/core/test_fuzz.py``), when it ran."""
    fuzz = sys.modules.get("tests.core.test_fuzz")
    if fuzz is not None and fuzz.FUZZ_REQUESTS:
        total = sum(n for _row, n in fuzz.FUZZ_REQUESTS)
        terminalreporter.write_line(f"fuzz: {total} requests over {len(fuzz.FUZZ_REQUESTS)} matrix rows")

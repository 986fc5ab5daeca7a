"""Run tests against a mutant as mutmut does: ``python kills_warm.py PYTEST_ARGS...``.

mutmut runs the tests once with no mutant in its own process before it forks a process per
mutant, so whatever the library builds once and caches (converters, grammars, the readers of
each record kind) is built by the original code, and a mutant of the code that builds it
survives unless a test builds it anew. This driver does the same in one process: the tests
run once with no mutant (quietly), then again with the mutant named by ``MUTANT_UNDER_TEST``,
and the exit code is the second run's, or 99 if the tests fail with no mutant
(``tests/mutation/kills.sh`` with ``WARM=1``).
"""

from __future__ import annotations

import os
import sys

import pytest


def main() -> int:
    mutant = os.environ.get("MUTANT_UNDER_TEST", "")
    args = sys.argv[1:]
    os.environ["MUTANT_UNDER_TEST"] = ""
    first = pytest.main([a for a in args if a != "-x"])
    if first not in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED):
        return 99  # kills.sh: the tests fail with no mutant
    os.environ["MUTANT_UNDER_TEST"] = mutant
    return int(pytest.main(args))


if __name__ == "__main__":
    sys.exit(main())

"""A hypothesis profile for mutation testing, loaded as a pytest plugin.

Mutation testing runs the tests of a function once per mutant of it, a few
thousand times, so each property test gets 10 examples instead of 25, and
``derandomize`` makes them the same 10 examples every run: a mutant is
killed or survives the same way each time, and a score can be reproduced.
``tests/conftest.py`` chooses the profile by name, so this plugin only
registers it; load it before the conftest with::

    PYTHONPATH=$PWD/tests/mutation PYTEST_PLUGINS=hypothesis_mutation_profile \\
        HYPOTHESIS_PROFILE=mutation mutmut run --max-children 1

See ``docs/testing.md``.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings

settings.register_profile(
    "mutation",
    max_examples=10,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)

"""Hypothesis profiles for the test suite.

``dev`` (the default) keeps hypothesis' example counts; ``ci`` runs fewer
examples and prints the blob that reproduces a failure. Both have no
deadline: dataset sizes vary, so one slow example is not a bug. Choose with
the ``HYPOTHESIS_PROFILE`` environment variable::

    HYPOTHESIS_PROFILE=ci pytest
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("dev", deadline=None)
settings.register_profile(
    "ci",
    max_examples=25,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

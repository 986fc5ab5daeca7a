"""Hypothesis strategies for every public type, to property-test code that uses the library.

Requires hypothesis, a test dependency: ``pip install 'industrial-policy[test]'``.
Without it, importing this module raises ``ImportError`` (an import problem,
not a data problem, so not the library's own error type).

>>> from hypothesis import given, settings
>>> from industrial_policy.testing import datasets
>>> @settings(max_examples=3)
... @given(datasets())
... def test_every_zone_has_a_province(ds):
...     assert all(zone.province for zone in ds.zones)
>>> test_every_zone_has_a_province()
"""

try:
    import hypothesis  # noqa: F401
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "industrial_policy.testing needs hypothesis: pip install 'industrial-policy[test]'"
    ) from exc

from industrial_policy.testing._money import currencies, exchange_rates, money
from industrial_policy.testing._periods import dates, deadlines, periods
from industrial_policy.testing._records import (
    AREA_UNITS_M2,
    area_texts,
    areas,
    capital_events,
    datasets,
    identifiers,
    invalid_area_values,
    invalid_identifiers,
    parcels,
    procedures,
    projects,
    reported_figures,
    zones,
)

__all__ = [
    "AREA_UNITS_M2",
    "area_texts",
    "areas",
    "capital_events",
    "currencies",
    "dates",
    "datasets",
    "deadlines",
    "exchange_rates",
    "identifiers",
    "invalid_area_values",
    "invalid_identifiers",
    "money",
    "parcels",
    "periods",
    "procedures",
    "projects",
    "reported_figures",
    "zones",
]

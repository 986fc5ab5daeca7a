"""Hypothesis strategies for every public type, to property-test code that uses the library.

Needs the ``hypothesis`` package, a test dependency (in the ``test`` extra)::

    pip install 'industrial-policy[test]'

Without it, importing this module raises :class:`ImportError` saying so: a
missing package is an import problem, not a problem with the user's data,
so it is not the library's own error type.

Strategies for valid values (``areas``, ``area_texts``, ``zones``,
``parcels``, ``projects``, ``capital_events``, ``procedures``,
``reported_figures``, ``datasets``, ``money``, ``periods``, ``findings``,
``reports``, ...) draw what the library must accept; the ``invalid_*``
strategies draw :class:`InvalidInput` / :class:`InvalidDataset` cases that
it must refuse, each knowing the error it must raise.

>>> from hypothesis import given, settings
>>> from industrial_policy.testing import datasets
>>> @settings(max_examples=5, deadline=None)
... @given(datasets(max_zones=4))
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

from industrial_policy.testing._areas import (
    AREA_SPELLINGS,
    AREA_UNITS_M2,
    AreaText,
    area_text_cases,
    area_texts,
    area_units,
    areas,
    invalid_area_values,
    invalid_areas,
)
from industrial_policy.testing._datasets import datasets, fractions, invalid_datasets
from industrial_policy.testing._findings import AMOUNT_UNITS, amounts, findings, reports
from industrial_policy.testing._invalid import (
    NOT_CHECKED,
    PROBLEM_KINDS,
    ExpectedProblem,
    InvalidDataset,
    InvalidInput,
    problem_kind,
)
from industrial_policy.testing._invalid_records import (
    invalid_capital_events,
    invalid_parcels,
    invalid_procedures,
    invalid_projects,
    invalid_reported_figures,
    invalid_zones,
)
from industrial_policy.testing._maps import MappedDataset, mapped_datasets
from industrial_policy.testing._money import currencies, exchange_rates, money
from industrial_policy.testing._periods import dates, deadlines, periods
from industrial_policy.testing._records import (
    PROVINCES,
    area_of,
    capital_events,
    hectares_of,
    identifiers,
    invalid_identifiers,
    parcels,
    procedures,
    projects,
    provinces,
    reported_figures,
    zone_scopes,
    zones,
)
from industrial_policy.testing._transforms import evaluable_datasets, scale_factors

__all__ = [
    "AMOUNT_UNITS",
    "AREA_SPELLINGS",
    "AREA_UNITS_M2",
    "NOT_CHECKED",
    "PROBLEM_KINDS",
    "PROVINCES",
    "AreaText",
    "ExpectedProblem",
    "InvalidDataset",
    "InvalidInput",
    "MappedDataset",
    "amounts",
    "area_of",
    "area_text_cases",
    "area_texts",
    "area_units",
    "areas",
    "capital_events",
    "currencies",
    "datasets",
    "dates",
    "deadlines",
    "evaluable_datasets",
    "exchange_rates",
    "findings",
    "fractions",
    "hectares_of",
    "identifiers",
    "invalid_area_values",
    "invalid_areas",
    "invalid_capital_events",
    "invalid_datasets",
    "invalid_identifiers",
    "invalid_parcels",
    "invalid_procedures",
    "invalid_projects",
    "invalid_reported_figures",
    "invalid_zones",
    "mapped_datasets",
    "money",
    "parcels",
    "periods",
    "problem_kind",
    "procedures",
    "projects",
    "provinces",
    "reported_figures",
    "reports",
    "scale_factors",
    "zone_scopes",
    "zones",
]

"""Hypothesis strategies for results: amounts, findings and reports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import strategies as st

from industrial_policy.errors import InvalidValueError
from industrial_policy.findings import (
    Amount,
    Comparator,
    Explanation,
    Finding,
    InputValue,
    ParameterUse,
    Report,
    Status,
)

__all__ = ["AMOUNT_UNITS", "amounts", "findings", "reports"]

AMOUNT_UNITS = ("hectare", "count", "ratio", "percentage_points", "VND", "USD")
"""Units of :class:`~industrial_policy.amounts.Amount` the library's results use."""

_CHECKS = ("hi-tech-reserve", "occupancy", "thai-binh-fdi-2025", "level-4-share", "Quota Đại An")
_SUBJECTS = ("KCN Đại An", "kcn-1", "Quảng Nam", "1.009974", "chu-lai-oez")


_VALUES: dict[str, st.SearchStrategy[float | int | Decimal]] = {
    "count": st.integers(-(10**6), 10**9),
    "VND": st.builds(
        lambda n, e: Decimal(n).scaleb(e), st.integers(-(10**6), 10**6), st.integers(0, 12)
    ),
    "ratio": st.floats(-1.0, 2.0, allow_nan=False) | st.just(float("nan")),
    "hectare": st.floats(-1e7, 1e7, allow_nan=False),
}
_VALUES["USD"] = _VALUES["VND"]
_VALUES["percentage_points"] = st.floats(-100.0, 100.0, allow_nan=False)
_AMOUNTS = {unit: st.builds(Amount, values, st.just(unit)) for unit, values in _VALUES.items()}
_OPTIONAL_AMOUNTS = {unit: st.none() | amounts for unit, amounts in _AMOUNTS.items()}
# A threshold is a parameter someone wrote down: never undefined.
_THRESHOLDS = {**_AMOUNTS, "ratio": st.builds(Amount, st.floats(-1.0, 2.0), st.just("ratio"))}
_ANY_AMOUNT = st.sampled_from(AMOUNT_UNITS).flatmap(_AMOUNTS.__getitem__)


def amounts(unit: str | None = None) -> st.SearchStrategy[Amount]:
    """Amounts as results carry them: hectares, counts, ratios (NaN when undefined), money.

    ``unit`` is one of :data:`AMOUNT_UNITS` (any of them by default).

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(amounts("ratio"))
    ... def test(amount):
    ...     assert str(amount) == "n/a" or str(amount).endswith("%")
    >>> test()
    """
    if unit is None:
        return _ANY_AMOUNT
    if unit not in _AMOUNTS:
        raise InvalidValueError(
            f"must be one of {', '.join(AMOUNT_UNITS)}", value=unit, field="unit"
        )
    return _AMOUNTS[unit]


_BOOLS = st.booleans()
_SMALL = st.integers(0, 3)
_INPUT_NAMES = st.sampled_from(("leased land", "industrial land", "procedures at level 4"))
_RECORD_IDS = st.lists(st.sampled_from(_SUBJECTS), max_size=25)
_PARAMETER_IDS = st.sampled_from(("min_share", "target", "tolerance"))
_EFFECTIVE = st.none() | st.dates(dt.date(2011, 1, 1), dt.date(2025, 1, 1))
_FORMULAS = st.sampled_from(("leased / industrial land", "actual - target", "n / total"))
_STEPS = st.lists(st.sampled_from(("63 / 100 = 0.63", "đạt")), max_size=2).map(tuple)
_NOTES = st.lists(st.sampled_from(("illustrative", "số liệu ước")), max_size=2).map(tuple)
_UNITS = st.sampled_from(AMOUNT_UNITS)
_COMPARATORS = st.none() | st.sampled_from(tuple(Comparator))
_KINDS = st.sampled_from(("rule", "target", "rate"))
_TITLES = st.sampled_from(("Hi-tech land reserve", "Tỷ lệ lấp đầy", "FDI 2025"))
_STATUSES = st.sampled_from(tuple(Status))
_AS_OF = st.dates(dt.date(2018, 1, 1), dt.date(2030, 12, 31))
_SUBJECT_KINDS = st.sampled_from(("zone", "province", "procedure"))
_DETAIL_NAMES = st.sampled_from(("expected_now", "required_growth"))


def _explanation(draw: st.DrawFn, unit: str) -> Explanation:
    inputs = [
        InputValue.from_records(
            draw(_INPUT_NAMES),
            draw(_OPTIONAL_AMOUNTS[unit]),
            draw(_RECORD_IDS),
            "seeds/003" if draw(_BOOLS) else None,
        )
        for _ in range(draw(_SMALL))
    ]
    parameters = [
        ParameterUse(
            draw(_PARAMETER_IDS),
            draw(_AMOUNTS[unit]),
            draw(_EFFECTIVE),
            "Decree 35/2022/ND-CP, Art. 9" if draw(_BOOLS) else None,
            draw(_BOOLS),
        )
        for _ in range(draw(_SMALL) // 2)
    ]
    return Explanation(
        formula=draw(_FORMULAS),
        inputs=tuple(inputs),
        parameters=tuple(parameters),
        steps=draw(_STEPS),
        notes=draw(_NOTES),
    )


@st.composite
def _findings(
    draw: st.DrawFn, check_ids: st.SearchStrategy[str], subject_ids: st.SearchStrategy[str]
) -> Finding:
    unit = draw(_UNITS)
    comparator = draw(_COMPARATORS)
    actual = draw(_OPTIONAL_AMOUNTS[unit])
    threshold = draw(_THRESHOLDS[unit]) if comparator is not None else None
    upper = (
        draw(_THRESHOLDS[unit]) if comparator in (Comparator.BETWEEN, Comparator.ABOUT) else None
    )
    gap = None
    if actual is not None and threshold is not None and draw(_BOOLS):
        gap = Amount(actual.value - threshold.value, unit)  # type: ignore[operator]
    details = {draw(_DETAIL_NAMES): draw(_OPTIONAL_AMOUNTS[unit]) for _ in range(draw(_SMALL) // 2)}
    return Finding(
        check_id=draw(check_ids),
        kind=draw(_KINDS),
        title=draw(_TITLES),
        subject_id=draw(subject_ids),
        status=draw(_STATUSES),
        as_of=draw(_AS_OF),
        explanation=_explanation(draw, unit),
        subject_kind=draw(_SUBJECT_KINDS),
        actual=actual,
        threshold=threshold,
        threshold_upper=upper,
        comparator=comparator,
        gap=gap,
        citation="Decree 35/2022/ND-CP" if draw(_BOOLS) else None,
        details=details,
    )


_CHECK_IDS = st.sampled_from(_CHECKS)
_SUBJECT_IDS = st.sampled_from(_SUBJECTS)
_DEFAULT_FINDINGS = _findings(_CHECK_IDS, _SUBJECT_IDS)


def findings(
    *,
    check_ids: st.SearchStrategy[str] | None = None,
    subject_ids: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[Finding]:
    """Findings with consistent units: actual, threshold, gap and details share one unit.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(findings())
    ... def test(finding):
    ...     assert finding.id in finding.explain()
    >>> test()
    """
    if check_ids is None and subject_ids is None:
        return _DEFAULT_FINDINGS
    return _findings(
        _CHECK_IDS if check_ids is None else check_ids,
        _SUBJECT_IDS if subject_ids is None else subject_ids,
    )


def reports(*, min_size: int = 0, max_size: int = 8) -> st.SearchStrategy[Report]:
    """Reports of findings with distinct ids, as evaluations return them.

    >>> from hypothesis import given, settings
    >>> import json
    >>> @settings(max_examples=20)
    ... @given(reports())
    ... def test(report):
    ...     assert len(json.loads(report.to_json())["findings"]) == len(report)
    >>> test()
    """
    return st.builds(
        Report,
        st.lists(findings(), min_size=min_size, max_size=max_size, unique_by=lambda f: f.id).map(
            tuple
        ),
        st.dates(dt.date(2018, 1, 1), dt.date(2030, 12, 31)),
        st.none() | st.sampled_from(["Quảng Nam 2024", "combined"]),
        # The provinces of some subjects, as ip.evaluate reads them from the dataset.
        st.dictionaries(st.sampled_from(_SUBJECTS), st.sampled_from(["Quảng Nam", "Hà Nội"])),
    )

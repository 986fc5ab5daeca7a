"""Workload 3: digital-service rates from dossier rows, by province and year.

The four dossier rates (submitted online, paid online, results digitised,
completed on time) for each of the 63 provinces in each of three years. The
floor is one ``bincount`` per rate over (province, year) on the same columns;
the naive approach loops over ``Dossier`` records counting into dicts.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np

from benchmarks import generate
from benchmarks.harness import Naive, Prepared, columns_bytes
from industrial_policy import Status
from industrial_policy.services import Dossier, DossierTable, Procedure, dossier_rates

YEARS = ("2022", "2023", "2024")
SIZES = {
    "smoke": {"dossiers": 100_000, "procedures": 2_000, "provinces": 63},
    "full": {"dossiers": 10_000_000, "procedures": 2_000, "provinces": 63},
}
NAIVE_SAMPLE = 50_000
ONLINE, PAY_ONLINE, PAY_OTHER = 0, 0, 1  # codes of Channel.ONLINE, Payment.ONLINE, Payment.OTHER


def ours(table: DossierTable, procedures: list[Procedure]) -> Any:
    return dossier_rates(table, procedures=procedures, periods=YEARS, by="province")


def numpy_floor(table: DossierTable) -> dict[str, tuple[Any, Any, Any]]:
    """(yes, known, not recorded) per rate, as a (provinces, years) array each."""
    provinces = len(table.provinces)
    first = np.datetime64(f"{YEARS[0]}-01-01", "D")
    starts = np.array([f"{y}-01-01" for y in YEARS] + [f"{int(YEARS[-1]) + 1}-01-01"],
                      dtype="datetime64[D]")  # fmt: skip
    width = len(YEARS) + 2  # a slot before the first year and one after the last

    def cells(days: Any, weights: Any) -> Any:
        year = np.searchsorted(starts, days, side="right")  # 0: before, 1..n: the years
        year[np.isnat(days) | (days < first)] = 0
        key = table.province * width + year
        counted = np.bincount(key, weights=weights, minlength=provinces * width)
        return counted.reshape(provinces, width)[:, 1 : len(YEARS) + 1]

    received, completed = table.received, table.completed
    done = ~np.isnat(completed)
    on_time_known = done & ~np.isnat(table.due)
    paid = (table.payment == PAY_ONLINE) | (table.payment == PAY_OTHER)
    return {
        "dossiers_online": (
            cells(received, table.channel == ONLINE),
            cells(received, None),
            cells(received, np.zeros(len(table))),
        ),
        "payments_online": (
            cells(received, table.payment == PAY_ONLINE),
            cells(received, paid),
            cells(received, table.payment < 0),
        ),
        "results_digitised": (
            cells(completed, done & (table.digitised == 1)),
            cells(completed, done & (table.digitised >= 0)),
            cells(completed, done & (table.digitised < 0)),
        ),
        "completed_on_time": (
            cells(completed, on_time_known & (completed <= table.due)),
            cells(completed, on_time_known),
            cells(completed, done & np.isnat(table.due)),
        ),
    }


def naive(dossiers: list[Dossier]) -> dict[str, Counter[tuple[str | None, int]]]:
    counts: dict[str, Counter[tuple[str | None, int]]] = {
        name: Counter() for name in ("online", "received", "paid_online", "paid")
    }
    for dossier in dossiers:
        key = (dossier.province, dossier.received.year)
        counts["received"][key] += 1
        if dossier.channel.value == "online":
            counts["online"][key] += 1
        if dossier.payment is not None and dossier.payment.value != "no_fee":
            counts["paid"][key] += 1
            if dossier.payment.value == "online":
                counts["paid_online"][key] += 1
    return counts


def _records(table: DossierTable, rows: int) -> list[Dossier]:
    channels, payments = ("online", "in_person", "postal"), ("online", "other", "no_fee")
    return [
        Dossier(
            id=f"r{i}",
            procedure_id=table.procedure_ids[table.procedure[i]],
            received=table.received[i].item(),
            channel=channels[table.channel[i]],
            payment=payments[table.payment[i]] if table.payment[i] >= 0 else None,
            province=table.provinces[table.province[i]],
        )
        for i in range(rows)
    ]


def check(table: DossierTable, procedures: list[Procedure]) -> None:
    report = ours(table, procedures)
    floor = numpy_floor(table)
    compared = 0
    for rate, (yes, total, unknown) in floor.items():
        for p, province in enumerate(table.provinces):
            for y, year in enumerate(YEARS):
                finding = report[f"services.{rate}/{province}@{year}"]
                if total[p, y] == 0 or unknown[p, y] > 0:  # nothing unrecorded is tolerated
                    assert finding.status is Status.INSUFFICIENT_DATA, finding
                    continue
                assert finding.actual is not None, finding
                expected = yes[p, y] / total[p, y]
                assert abs(float(finding.actual.value) - expected) < 1e-9, (finding.id, expected)
                compared += 1
    assert compared


def prepare(size: str, seed: int = 3) -> Prepared:
    shape = SIZES[size]
    procedures = generate.procedures(shape["procedures"])
    table = generate.dossier_table(shape["dossiers"], shape["procedures"], seed)
    sample = min(NAIVE_SAMPLE, len(table))
    records = _records(table, sample)
    return Prepared(
        name="3. service rates",
        size=shape,
        ours=lambda: ours(table, procedures),
        floor=lambda: numpy_floor(table),
        naive=Naive(lambda: naive(records), sample, len(table), "dossiers"),
        input_bytes=columns_bytes(table),
        check=lambda: check(table, procedures),
        repeats=3,
    )

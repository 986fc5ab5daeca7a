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
    """(yes, known, not recorded) per rate, as a (provinces, years) array each.

    One integer key per row and side (province, year, state) and one ``bincount`` each: the
    fastest way we know to write it by hand.
    """
    provinces, years = len(table.provinces), len(YEARS)

    start = np.datetime64(f"{YEARS[0]}-01-01", "D")
    ends = [np.datetime64(f"{int(y) + 1}-01-01", "D") for y in YEARS]
    # day -> year index through a lookup table, with a sentinel (``years``) at both ends
    lut = np.full(int((ends[-1] - start).astype(np.int64)) + 2, years, dtype=np.int64)
    previous = start
    for index, end in enumerate(ends):
        lo, hi = (int((d - start).astype(np.int64)) + 1 for d in (previous, end))
        lut[lo:hi] = index
        previous = end

    def cells(days: Any, state: Any, states: int) -> Any:
        year = np.take(lut, days.view(np.int64) - (start.astype(np.int64) - 1), mode="clip")
        key = (table.province * (years + 1) + year) * states + state  # the sentinel year: dropped
        counts = np.bincount(key, minlength=provinces * (years + 1) * states)
        return counts.reshape(provinces, years + 1, states)[:, :years]

    # received: channel (3) x payment (-1 unrecorded, then 3 kinds) -> 12 states
    received = cells(table.received, table.channel * 4 + (table.payment + 1), 12)
    received = received.reshape(provinces, years, 3, 4)
    # completed: on time (0 no due date, 1 on time, 2 late) x digitised (-1, 0, 1) -> 9 states
    done = ~np.isnat(table.completed)
    on_time = np.where(np.isnat(table.due), 0, np.where(table.completed <= table.due, 1, 2))
    completed = cells(
        np.where(done, table.completed, np.datetime64("NaT")), on_time * 3 + table.digitised + 1, 9
    ).reshape(provinces, years, 3, 3)
    by_payment = received.sum(axis=2)
    by_digitised, by_time = completed.sum(axis=2), completed.sum(axis=3)
    return {
        "dossiers_online": (
            received[:, :, ONLINE].sum(axis=2),
            received.sum(axis=(2, 3)),
            np.zeros((provinces, years)),
        ),
        "payments_online": (
            by_payment[:, :, PAY_ONLINE + 1],
            by_payment[:, :, PAY_ONLINE + 1] + by_payment[:, :, PAY_OTHER + 1],
            by_payment[:, :, 0],
        ),
        "results_digitised": (
            by_digitised[:, :, 2],
            by_digitised[:, :, 1] + by_digitised[:, :, 2],
            by_digitised[:, :, 0],
        ),
        "completed_on_time": (
            by_time[:, :, 1],
            by_time[:, :, 1] + by_time[:, :, 2],
            by_time[:, :, 0],
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

"""The services records in a dataset: integrity checks and the file format."""

from __future__ import annotations

import pytest

from industrial_policy.dataset import Dataset
from industrial_policy.errors import DatasetIntegrityError
from industrial_policy.services import (
    Dossier,
    DossierCount,
    Procedure,
    RateTarget,
    ServiceOffering,
    dossier_rates,
)


def proc(pid: str) -> Procedure:
    return Procedure(id=pid, name=pid, government_level="provincial", field="investment")


def problems_of(**fields: object) -> list[str]:
    with pytest.raises(DatasetIntegrityError) as caught:
        Dataset(procedures=[proc("p")], **fields)  # type: ignore[arg-type]
    return [str(problem) for problem in caught.value.problems]


def test_records_must_name_procedures_in_the_dataset() -> None:
    found = problems_of(
        dossiers=[Dossier(id="d", procedure_id="x", received="2024-01-01", channel="online")],
        dossier_counts=[DossierCount(id="c", procedure_id="y", period="2024", received=1)],
        service_offerings=[ServiceOffering(procedure_id="z", on="2024-01-01", online_level=4)],
    )
    assert sorted(found) == [
        "dossier_counts[0].procedure_id: dossier count 'c' names procedure 'y', which is not in"
        " the dataset",
        "dossiers[0].procedure_id: dossier 'd' names procedure 'x', which is not in the dataset",
        "service_offerings[0].procedure_id: service offering 'z@2024-01-01' names procedure 'z',"
        " which is not in the dataset",
    ]


def test_duplicate_ids_and_conflicting_offerings() -> None:
    dossier = Dossier(id="d", procedure_id="p", received="2024-01-01", channel="online")
    found = problems_of(
        dossiers=[dossier, dossier],
        service_offerings=[
            ServiceOffering(procedure_id="p", on="2024-01-01", online_level=4),
            ServiceOffering(procedure_id="p", on="2024-01-01", online_level=3),
        ],
        rate_targets=[
            RateTarget(
                id="t",
                title="t",
                kind="reference",
                series="s",
                reference="r",
                comparator="at_least",
                deadline="2025-12-31",
            ),
        ]
        * 2,
    )
    assert "dossiers[1].id: id 'd' is used by 2 records in dossiers" in found
    assert "rate_targets[1].id: id 't' is used by 2 records in rate_targets" in found
    assert any("two different offerings on 2024-01-01" in p for p in found)


def test_a_clean_dataset_counts_its_services_records() -> None:
    ds = Dataset(
        procedures=[proc("p")],
        dossiers=[Dossier(id="d", procedure_id="p", received="2024-01-01", channel="online")],
        dossier_counts=[
            DossierCount(id="c", procedure_id="p", period="2023", received=4, received_online=1)
        ],
    )
    summary = ds.summary()
    assert summary["dossiers"] == 1
    assert summary["dossier_counts"] == 1
    report = dossier_rates(ds, periods=["2023", "2024"], rates=["dossiers_online"])
    assert report["services.dossiers_online/all@2023"].actual.value == pytest.approx(0.25)
    assert report["services.dossiers_online/all@2024"].actual.value == 1.0


def test_services_records_load_from_a_dataset_file() -> None:
    from industrial_policy.io import FORMAT_ID, loads

    text = f"""
format = "{FORMAT_ID}"

[[procedures]]
id = "p"
name = "Investment registration"
government_level = "provincial"
field = "investment"

[[service_offerings]]
procedure_id = "p"
on = 2021-06-01
online_level = 3

[[service_offerings]]
procedure_id = "p"
on = 2023-01-01
online_service = "full_process"

[[dossiers]]
id = "d1"
procedure_id = "p"
received = 2024-01-05
channel = "online"
payment = "online"
result_digitised = true
due = "2024-01-20"
completed = 2024-01-18

[[dossier_counts]]
id = "c1"
procedure_id = "p"
period = "Q1 2023"
received = 10
received_online = 7

[[fee_discounts]]
id = "hd-50"
rate = "50%"
start = 2021-09-01
duration = "2 years"
levels = [3, 4]
channels = ["online"]
fee_kinds = ["procedure", "postal"]

[[rate_targets]]
id = "hd-avg"
title = "Equal the national average by the end of 2021"
kind = "reference"
series = "hd-l4"
reference = "vn-l4"
comparator = "at_least"
deadline = "end of 2021"
"""
    ds = loads(text)
    assert str(ds.fee_discounts[0].window) == "2021-09-01/2023-08-31"
    assert ds.dossiers[0].on_time is True
    assert str(ds.dossier_counts[0].period) == "Q1 2023"
    assert ds.rate_targets[0].deadline.isoformat() == "2021-12-31"
    assert ds.service_offerings[1].online_service.value == "full_process"


def test_services_records_round_trip_through_toml_and_json() -> None:
    from industrial_policy.io import dumps, loads
    from industrial_policy.services import DossierCount, Fee, FeeDiscount

    ds = Dataset(
        procedures=[
            Procedure(
                id="p",
                name="P",
                government_level="provincial",
                field="investment",
                fee="50000 VND",
            )
        ],
        service_offerings=[ServiceOffering(procedure_id="p", on="2021-06-01", online_level=4)],
        dossiers=[
            Dossier(
                id="d",
                procedure_id="p",
                received="2024-01-05",
                channel="online",
                payment="no_fee",
                result_digitised=False,
            )
        ],
        dossier_counts=[DossierCount(id="c", procedure_id="p", period="2023", received=3)],
        fees=[Fee(procedure_id="p", kind="postal", amount="30000 VND", channels=["postal"])],
        fee_discounts=[
            FeeDiscount(
                id="cut",
                rate="33.3%",
                start="2021-09-01",
                duration="1 year 6 months",
                levels=[3, 4],
            )
        ],
        rate_targets=[
            RateTarget(
                id="g",
                title="g",
                kind="growth",
                series="s",
                comparator="at_least",
                growth="20 pp",
                growth_unit="percentage_points",
                baseline_on="2021-12-31",
                baseline_value="13.6%",
                deadline="2025-12-31",
            )
        ],
    )
    for fmt in ("toml", "json"):
        assert loads(dumps(ds, fmt), fmt) == ds


def test_evaluate_all_leaves_out_an_undecidable_classification_and_says_why() -> None:
    """Some procedures only at a Decree 43 level, others only in a Decree 42 category, no
    switch date: the share of procedures online is skipped, not raised or guessed."""
    from industrial_policy import Dataset
    from industrial_policy.dataset import EvaluationSettings
    from industrial_policy.evaluate import evaluate_all, skipped_checks
    from industrial_policy.services import Procedure

    procedures = [
        Procedure(id="p1", name="A", government_level="provincial", field="f", online_level=4),
        Procedure(id="p2", name="B", government_level="provincial", field="f",
                  online_service="full_process"),
    ]  # fmt: skip
    ds = Dataset(procedures=procedures,
                 evaluation=EvaluationSettings(procedure_denominator="all"))  # fmt: skip
    report = evaluate_all(ds, as_of="2024-12-31")
    assert not [f for f in report if f.kind == "rate"]
    (reason,) = skipped_checks(ds)
    assert "classification_switch" in reason
    switched = ds.evolve(
        evaluation=EvaluationSettings(
            procedure_denominator="all", classification_switch="2023-01-01"
        )
    )
    assert skipped_checks(switched) == []
    assert [f for f in evaluate_all(switched, as_of="2024-12-31") if f.kind == "rate"]

"""The dataset container and its integrity checks: what the rest of the suite left unchecked.

Written for mutation testing (``docs/testing.md``): each test pins a behaviour
that a surviving mutant changed without any test noticing. A problem is pinned
whole (its path, its message, its value), since a reader finds the bad record by
them.
"""

from __future__ import annotations

import pickle

import attrs
import pytest

import industrial_policy as ip
from industrial_policy.columnar import Table
from industrial_policy.dataset import container
from industrial_policy.errors import DatasetIntegrityError, InvalidValueError, UnknownRecordError
from industrial_policy.records import Observation, ReportedFigure, ZoneKind, ZoneScope
from industrial_policy.services import (
    Dossier,
    DossierCount,
    Fee,
    FeeDiscount,
    Procedure,
    ServiceOffering,
)
from test_targets_support import target


def proc(pid: str) -> Procedure:
    return Procedure(id=pid, name=pid, government_level="provincial", field="investment")


def problems_of(**fields: object) -> list[tuple[str, str, object]]:
    with pytest.raises(DatasetIntegrityError) as caught:
        ip.Dataset(**fields)  # type: ignore[arg-type]
    return [(p.path, p.message, p.value) for p in caught.value.problems]


def count(cid: str, period: str, procedure: str = "p") -> DossierCount:
    return DossierCount(id=cid, procedure_id=procedure, period=period, received=1)


TWICE = "the same dossiers would be counted twice"


def test_overlapping_counts_are_compared_in_the_order_of_their_periods() -> None:
    # Listed out of order: second half of 2024, Q1 2024, March to June 2024. Only the last two
    # overlap (in March); the first and the second do not, though the first ends after the
    # second starts in the list's order.
    found = problems_of(
        procedures=[proc("p")],
        dossier_counts=[
            count("c0", "2024-07-01/2024-12-31"),
            count("c1", "Q1 2024"),
            count("c2", "2024-03-01/2024-06-30"),
        ],
    )
    assert found == [
        (
            "dossier_counts[2].period",
            f"count 'c2' (2024-03-01/2024-06-30) overlaps count 'c1' (Q1 2024) of procedure"
            f" 'p': {TWICE}",
            "2024-03-01/2024-06-30",
        )
    ]


def test_a_count_over_the_days_of_dossier_rows_is_found_after_a_count_without_rows() -> None:
    # Procedure p has no dossier rows, q has one on 1 February 2024, which Q1 2024 covers.
    found = problems_of(
        procedures=[proc("p"), proc("q")],
        dossiers=[Dossier(id="d", procedure_id="q", received="2024-02-01", channel="online")],
        dossier_counts=[count("cp", "2024"), count("cq", "Q1 2024", "q")],
    )
    assert found == [
        (
            "dossier_counts[1].period",
            f"count 'cq' (Q1 2024) covers days on which dossier rows of procedure 'q' were"
            f" received: {TWICE}",
            "Q1 2024",
        )
    ]


def fee(amount: str, *channels: str) -> Fee:
    return Fee(
        procedure_id="p",
        kind="procedure",
        amount=amount,
        channels=list(channels),
        effective_from="2024-01-01",
    )


def test_fees_of_one_day_on_different_channels_do_not_clash() -> None:
    ds = ip.Dataset(
        procedures=[proc("p")], fees=[fee("30000 VND", "postal"), fee("20000 VND", "online")]
    )
    assert len(ds.fees) == 2


@pytest.mark.parametrize(
    ("first", "second"),
    [(("postal",), ()), ((), ("online",)), (("postal", "online"), ("online",))],
    ids=["every-channel-later", "every-channel-first", "shared-channel"],
)
def test_fees_of_one_day_on_a_shared_channel_clash(
    first: tuple[str, ...], second: tuple[str, ...]
) -> None:
    # No channel means every channel, which meets any other line.
    found = problems_of(
        procedures=[proc("p")], fees=[fee("30000 VND", *first), fee("20000 VND", *second)]
    )
    assert found == [
        (
            "fees[1]",
            "procedure 'p' has two procedure fees from 2024-01-01 charged on the same channel"
            " (fees[0]): which one is due cannot be told",
            "p:procedure@2024-01-01",
        )
    ]


def test_the_html_of_a_dataset_counts_its_records_under_its_name() -> None:
    unnamed = ip.Dataset(procedures=[proc("p"), proc("q")])
    assert unnamed._repr_html_() == (
        "<table><caption>dataset</caption><thead><tr><th>records</th><th>count</th></tr>"
        "</thead><tbody><tr><td>procedures</td><td>2</td></tr></tbody></table>"
    )
    named = ip.Dataset(name="Hải Dương", procedures=[proc("p")])
    assert named._repr_html_().startswith("<table><caption>Hải Dương</caption>")


def zone(zid: str, kind: str, area: str, parent: str | None = None) -> ip.Zone:
    return ip.Zone(
        id=zid, name=zid, kind=kind, province="Hải Phòng", total_area=area, parent_id=parent
    )


def test_ancestors_run_from_the_nearest_zone_up() -> None:
    # An economic zone inside an economic zone, and a park inside the inner one.
    ds = ip.Dataset(
        zones=[
            zone("vn", "economic_zone", "900 ha"),
            zone("e2", "economic_zone", "500 ha", "vn"),
            zone("kcn", "industrial_park", "300 ha", "e2"),
        ]
    )
    assert [z.id for z in ds.ancestors("kcn")] == ["e2", "vn"]
    assert [z.id for z in ds.ancestors("vn")] == []


@pytest.mark.parametrize(
    ("fields", "message", "field", "value"),
    [
        (
            {"exchange_rates": 5},
            "Dataset.exchange_rates: must be an ExchangeRates table (got 5)",
            "exchange_rates",
            5,
        ),
        (
            {"exchange_rates": "USD"},
            "Dataset.exchange_rates: must be an ExchangeRates table (got 'USD')",
            "exchange_rates",
            "USD",
        ),
        ({"sources": ["a", 3]}, "Dataset.sources[1]: must be text (got 3)", "sources[1]", 3),
        ({"sources": "a"}, "Dataset.sources: must be a list of texts (got 'a')", "sources", "a"),
    ],
)
def test_a_bad_dataset_field_is_named_with_its_value(
    fields: dict[str, object], message: str, field: str, value: object
) -> None:
    with pytest.raises(InvalidValueError) as caught:
        ip.Dataset(**fields)  # type: ignore[arg-type]
    error = caught.value
    assert str(error) == message
    assert (error.field, error.record_type, error.value) == (field, "Dataset", value)


def test_sources_are_kept_as_given_in_order() -> None:
    assert ip.Dataset(sources=["Decision 1107", "GSO 2024"]).sources == (
        "Decision 1107",
        "GSO 2024",
    )


def test_a_duplicate_observation_id_is_one_problem_per_observation() -> None:
    # Observations (and targets) have their duplicate ids found by the checks of targets;
    # the generic check of ids leaves them out, so each observation is named once.
    found = problems_of(
        observations=[
            Observation(id="o", series="s", on="2024-01-01", value="5"),
            Observation(id="o", series="s", on="2024-02-01", value="6"),
        ]
    )
    assert found == [
        ("observations[0].id", "id 'o' is used by 2 observations", "o"),
        ("observations[1].id", "id 'o' is used by 2 observations", "o"),
    ]


def test_a_parcel_leased_to_the_first_project_of_another_zone_is_named() -> None:
    # The project is the first (row 0) of its table: a tenant's position 0 is a project.
    parks = [zone(z, "industrial_park", "300 ha") for z in ("a", "b")]
    with pytest.raises(DatasetIntegrityError) as caught:
        ip.Dataset(
            zones=parks,
            projects=[ip.Project(id="p0", zone_id="b", name="P0", origin="domestic")],
            parcels=[ip.Parcel(id="x", zone_id="a", area="6 ha", status="leased", project_id="p0")],
        )
    [problem] = caught.value.problems
    assert (problem.path, problem.message, problem.value, problem.row, problem.column) == (
        "parcels[0].project_id",
        "parcel 'x' in zone 'a' is leased to project 'p0', which is recorded in zone 'b'",
        "p0",
        0,
        "project_id",
    )


def test_a_figure_after_one_without_same_as_has_its_same_as_checked() -> None:
    found = problems_of(
        reported=[
            ReportedFigure("a", "zone_count", 3),
            ReportedFigure("b", "zone_count", 3, same_as="zz"),
        ]
    )
    assert found == [
        (
            "reported[1].same_as",
            "reported figure 'b' is the same as 'zz', which is not a reported figure",
            "zz",
        )
    ]


def test_zones_that_contain_each_other_are_named_at_the_parent_column() -> None:
    with pytest.raises(DatasetIntegrityError) as caught:
        ip.Dataset(
            zones=[
                zone("a", "economic_zone", "100 ha", "b"),
                zone("b", "economic_zone", "100 ha", "a"),
            ]
        )
    [problem] = caught.value.problems
    assert (problem.path, problem.message, problem.value, problem.row, problem.column) == (
        "zones[0].parent_id",
        "zones contain each other: a -> b -> a",
        "a",
        0,
        "parent_id",
    )


def test_figures_that_are_parts_of_each_other_are_named_as_a_loop() -> None:
    found = problems_of(
        reported=[
            ReportedFigure("a", "zone_count", 3, parts=("b",)),
            ReportedFigure("b", "zone_count", 3, parts=("a",)),
        ]
    )
    assert found == [("reported", "reported figures are parts of each other: a -> b -> a", "a")]


def test_a_duplicate_id_is_named_at_its_row_and_column() -> None:
    park = zone("a", "industrial_park", "100 ha")
    with pytest.raises(DatasetIntegrityError) as caught:
        ip.Dataset(zones=[park, park])
    assert [(p.path, p.message, p.row, p.column, p.record_id) for p in caught.value.problems] == [
        ("zones[0].id", "id 'a' is used by 2 records in zones", 0, "id", "a"),
        ("zones[1].id", "id 'a' is used by 2 records in zones", 1, "id", "a"),
    ]


def test_a_figure_the_same_as_one_of_another_metric_is_named() -> None:
    found = problems_of(
        reported=[
            ReportedFigure("a", "zone_count", 3),
            ReportedFigure("b", "total_area", "5 ha", same_as="a"),
        ]
    )
    assert found == [
        (
            "reported[1].same_as",
            "reported figure 'b' (total_area) cannot be the same as 'a' of another metric"
            " (zone_count)",
            "a",
        )
    ]


@pytest.mark.parametrize("end", ["within", "outside"])
def test_a_figure_scoped_by_a_zone_not_in_the_dataset_is_named_at_the_scope(end: str) -> None:
    scope = ZoneScope(**{end: "nope"})  # type: ignore[arg-type]
    found = problems_of(
        zones=[zone("a", "industrial_park", "100 ha")],
        reported=[
            ReportedFigure("ok", "zone_count", 1),
            ReportedFigure("f", "zone_count", 1, scope=scope),
        ],
    )
    assert found == [
        (
            f"reported[1].scope.{end}",
            "reported figure 'f' names zone 'nope', which is not in the dataset",
            "nope",
        )
    ]


def test_a_scope_within_a_zone_keeps_to_its_kinds() -> None:
    # Within the economic zone: its park, not its cluster (not a kind counted by default), nor
    # the park outside it.
    ds = ip.Dataset(
        zones=[
            zone("ez", "economic_zone", "1000 ha"),
            zone("a", "industrial_park", "100 ha", "ez"),
            zone("c", "industrial_cluster", "50 ha", "ez"),
            zone("b", "industrial_park", "100 ha"),
        ]
    )
    assert ds.zones_mask(ZoneScope(within="ez")).tolist() == [False, True, False, False]
    every = ZoneScope(within="ez", kinds=list(ZoneKind))
    assert ds.zones_mask(every).tolist() == [False, True, True, False]  # not the zone itself


def test_the_error_of_a_named_dataset_names_it_as_its_source() -> None:
    with pytest.raises(DatasetIntegrityError) as caught:
        ip.Dataset(name="study", procedures=[proc("p")], fees=[fee("5 VND"), fee("6 VND")])
    assert caught.value.source == "dataset 'study'"
    with pytest.raises(DatasetIntegrityError) as caught:
        ip.Dataset(procedures=[proc("p")], fees=[fee("5 VND"), fee("6 VND")])
    assert caught.value.source is None


def test_a_target_id_used_twice_is_one_problem_per_target_not_two() -> None:
    # Targets have their own check of ids (with their own wording); the check of every other
    # table's ids leaves them out.
    assert problems_of(targets=[target(), target()]) == [
        ("targets[0].id", "id 't' is used by 2 targets", "t"),
        ("targets[1].id", "id 't' is used by 2 targets", "t"),
    ]


def test_parcels_beyond_a_zone_with_no_industrial_land_are_held_to_its_total_area() -> None:
    ds_zone = ip.Zone(id="a", name="A", kind="industrial_park", province="P", total_area="10 ha")
    parcel = ip.Parcel(id="x", zone_id="a", area="12 ha", status="vacant")
    assert problems_of(zones=[ds_zone], parcels=[parcel]) == [
        (
            "zones[0]",
            "the parcels of zone 'a' add up to 12 ha, more than its total area of 10 ha",
            12.0,
        )
    ]


def test_a_part_that_is_not_a_reported_figure_is_named_at_the_parts() -> None:
    assert problems_of(reported=[ReportedFigure("a", "zone_count", 3, parts=("zz",))]) == [
        (
            "reported[0].parts",
            "reported figure 'a' names part 'zz', which is not a reported figure",
            "zz",
        )
    ]


def test_undated_fees_that_clash_are_named_as_undated() -> None:
    undated = [
        Fee(procedure_id="p", kind="procedure", amount=amount) for amount in ("5 VND", "6 VND")
    ]
    assert problems_of(procedures=[proc("p")], fees=undated) == [
        (
            "fees[1]",
            "procedure 'p' has two procedure fees from undated charged on the same channel"
            " (fees[0]): which one is due cannot be told",
            "p:procedure@undated",
        )
    ]


def test_a_part_of_another_metric_is_named_at_the_parts() -> None:
    found = problems_of(
        reported=[
            ReportedFigure("a", "zone_count", 3, parts=("b",)),
            ReportedFigure("b", "total_area", "5 ha"),
        ]
    )
    assert found == [
        (
            "reported[0].parts",
            "reported figure 'a' (zone_count) has part 'b' of another metric (total_area)",
            "b",
        )
    ]


def test_a_dataset_read_back_from_a_pickle_is_whole() -> None:
    ds = ip.Dataset(
        name="study",
        zones=[
            zone("ez", "economic_zone", "1000 ha"),
            zone("a", "industrial_park", "100 ha", "ez"),
        ],
        parcels=[ip.Parcel(id="x", zone_id="a", area="10 ha", status="vacant")],
    )
    again = pickle.loads(pickle.dumps(ds))
    assert again == ds
    assert again.name == "study"
    assert again.zones_mask(ZoneScope(within="ez")).tolist() == [False, True]
    assert again.parcel("x") == ds.parcels[0]


def test_a_parcel_is_found_by_its_id() -> None:
    parcels = [ip.Parcel(id=i, zone_id="a", area="10 ha", status="vacant") for i in ("x", "y")]
    ds = ip.Dataset(zones=[zone("a", "industrial_park", "100 ha")], parcels=parcels)
    assert ds.parcel("y") == parcels[1]
    with pytest.raises(UnknownRecordError) as caught:
        ds.parcel("z")
    assert str(caught.value) == "no parcel with id 'z' in the dataset"


def test_a_parcel_leased_to_a_project_of_a_dataset_with_no_projects_is_named() -> None:
    parcel = ip.Parcel(id="x", zone_id="a", area="10 ha", status="leased", project_id="p")
    assert problems_of(zones=[zone("a", "industrial_park", "100 ha")], parcels=[parcel]) == [
        ("parcels[0].project_id", "parcel 'x' names project 'p', which is not in the dataset", "p")
    ]


def test_two_different_offerings_of_a_procedure_on_one_day_are_named() -> None:
    offerings = [
        ServiceOffering(procedure_id="p", on="2024-01-01", online_level=level) for level in (2, 4)
    ]
    found = problems_of(procedures=[proc("p")], service_offerings=offerings)
    assert found == [
        (
            "service_offerings[1]",
            "procedure 'p' has two different offerings on 2024-01-01 (service_offerings[0])",
            offerings[1].ref,
        )
    ]


def test_the_html_of_a_dataset_names_its_tables_in_words() -> None:
    offering = ServiceOffering(procedure_id="p", on="2024-01-01", online_level=4)
    html = ip.Dataset(procedures=[proc("p")], service_offerings=[offering])._repr_html_()
    assert "<tr><td>service offerings</td><td>1</td></tr>" in html


def test_a_field_of_records_makes_a_table_of_its_kind_from_a_list() -> None:
    # The fields of Dataset are made on import; the helper that makes them, anew.
    @attrs.frozen
    class Holder:
        zones: Table[ip.Zone] = container.records(ip.Zone)

    park = zone("a", "industrial_park", "100 ha")
    held = Holder([park]).zones  # type: ignore[arg-type]
    assert (held.kind, list(held)) == (ip.Zone, [park])
    assert "zones" not in repr(Holder([park]))  # type: ignore[arg-type]


def test_a_scope_of_a_province_keeps_to_its_zones_however_spelled() -> None:
    zones = [
        zone("a", "industrial_park", "100 ha"),
        ip.Zone(id="b", name="b", kind="industrial_park", province="Bắc Ninh", total_area="5 ha"),
    ]
    ds = ip.Dataset(zones=zones)
    assert ds.zones_mask(ZoneScope(province="HẢI PHÒNG")).tolist() == [True, False]
    assert ds.zones_mask(ZoneScope(province="Bắc Ninh")).tolist() == [False, True]
    assert ds.zones_mask(ZoneScope(province="Hà Nội")).tolist() == [False, False]


def test_a_zone_inside_a_park_is_named_at_its_row_and_column() -> None:
    with pytest.raises(DatasetIntegrityError) as caught:
        ip.Dataset(
            zones=[
                zone("p", "industrial_park", "100 ha"),
                zone("c", "industrial_park", "5 ha", "p"),
            ]
        )
    [problem] = caught.value.problems
    assert (problem.path, problem.message, problem.value, problem.row, problem.column) == (
        "zones[1].parent_id",
        "zone 'c' is placed inside 'p', a industrial_park; only an economic zone contains other"
        " zones",
        "p",
        1,
        "parent_id",
    )


def test_a_reference_to_a_missing_zone_is_named_at_its_row_and_column() -> None:
    parcel = ip.Parcel(id="x", zone_id="nope", area="1 ha", status="vacant")
    with pytest.raises(DatasetIntegrityError) as caught:
        ip.Dataset(zones=[zone("a", "industrial_park", "100 ha")], parcels=[parcel])
    [problem] = caught.value.problems
    assert (problem.path, problem.row, problem.column, problem.record_id) == (
        "parcels[0].zone_id",
        0,
        "zone_id",
        None,
    )


# -- seed 7373 (the reported sample: tests written after its run) -------------------------

KCN = ip.Zone(
    id="kcn",
    name="KCN",
    kind="industrial_park",
    province="P",
    total_area="300 ha",
    industrial_land_area="200 ha",
)


def test_a_dataset_shows_its_name_and_counts_or_that_it_is_empty() -> None:
    assert repr(ip.Dataset()) == "Dataset(empty)"
    assert repr(ip.Dataset(name="study", zones=[KCN])) == "Dataset('study', 1 zones)"
    assert repr(ip.Dataset(zones=[KCN])) == "Dataset(1 zones)"


def test_the_summary_counts_every_table_and_the_exchange_rates() -> None:
    rate = ip.ExchangeRate(base="USD", quote="VND", rate="25450", effective="2024-01-01")
    summary = ip.Dataset(zones=[KCN], exchange_rates=[rate]).summary()
    assert list(summary)[-1] == "exchange_rates"
    assert summary["zones"] == summary["exchange_rates"] == 1
    assert sum(summary.values()) == 2


@pytest.mark.parametrize(
    ("method", "kind"),
    [
        ("zone", "zone"),
        ("parcel", "parcel"),
        ("project", "project"),
        ("procedure", "procedure"),
    ],
)
def test_a_record_asked_for_by_an_unknown_id_is_named_with_its_kind(method: str, kind: str) -> None:
    with pytest.raises(UnknownRecordError) as caught:
        getattr(ip.Dataset(zones=[KCN]), method)("nope")
    assert str(caught.value) == f"no {kind} with id 'nope' in the dataset"


def test_the_dataset_gives_its_tables_as_frames() -> None:
    pytest.importorskip("pandas")
    frames = ip.Dataset(zones=[KCN]).to_frames()
    assert list(frames) == ["zones"]
    assert frames["zones"]["id"].tolist() == ["kcn"]


def test_parcels_beyond_a_zone_s_industrial_land_name_it() -> None:
    parcels = [ip.Parcel(id=f"p{i}", zone_id="kcn", area="150 ha", status="leased") for i in (1, 2)]
    assert problems_of(zones=[KCN], parcels=parcels) == [
        (
            "zones[0]",
            "the parcels of zone 'kcn' add up to 300 ha, more than its industrial land of 200 ha",
            300.0,
        )
    ]


def test_a_fee_discount_naming_an_unknown_procedure_is_a_problem() -> None:
    discount = FeeDiscount(
        id="d", rate="50%", start="2024-01-01", duration="1 year", procedures=["nope"]
    )
    assert problems_of(fee_discounts=[discount]) == [
        (
            "fee_discounts[0].procedures",
            "fee discount 'd' names procedure 'nope', which is not in the dataset",
            "nope",
        )
    ]

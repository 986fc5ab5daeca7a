"""Vietnamese names, abbreviations and English labels accepted wherever a choice is named."""

from __future__ import annotations

import enum
import importlib
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

import industrial_policy as ip
from industrial_policy.columnar.reading import read_table
from industrial_policy.errors import InvalidValueError, TableError
from industrial_policy.names import known_names, name_key, names_table, resolve, suggestion
from industrial_policy.records.parcels import ParcelStatus
from industrial_policy.records.zones import Zone, ZoneKind

#: Where each enum of the names table is defined.
_MODULES = (
    "industrial_policy.records.zones",
    "industrial_policy.records.parcels",
    "industrial_policy.records.procedures",
    "industrial_policy.records.dossiers",
    "industrial_policy.records.projects",
    "industrial_policy.records.fees",
    "industrial_policy.records.targets",
    "industrial_policy.records.reported",
    "industrial_policy.records.rate_targets",
    "industrial_policy.categories",
    "industrial_policy.comparators",
    "industrial_policy.findings",
    "industrial_policy.rules.rule",
    "industrial_policy.rules.parameters",
)


def _enums() -> dict[str, type[enum.Enum]]:
    found: dict[str, type[enum.Enum]] = {}
    for module in map(importlib.import_module, _MODULES):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, enum.Enum):
                found.setdefault(value.__name__, value)
    return found


ENUMS = _enums()
TABLED = [ENUMS[name] for name in names_table()]


def test_every_table_names_an_enum_and_its_members() -> None:
    for enum_name, members in names_table().items():
        assert enum_name in ENUMS, f"locale/names.toml: no enum {enum_name!r}"
        values = {str(m.value) for m in ENUMS[enum_name]}
        assert set(members) <= values, f"{enum_name}: {set(members) - values} are not members"


@pytest.mark.parametrize("enum_type", TABLED, ids=lambda e: e.__name__)
def test_no_two_members_share_a_name(enum_type: type[enum.Enum]) -> None:
    owner: dict[str, enum.Enum] = {}
    for member, names in known_names(enum_type).items():
        for name in names:
            assert owner.setdefault(name_key(name), member) is member, (enum_type, name)
    assert all(
        resolve(enum_type, name) is m for m, ns in known_names(enum_type).items() for name in ns
    )


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_NAMED = [
    (enum_type, member, name)
    for enum_type in TABLED
    for member, names in known_names(enum_type).items()
    for name in names
]


@given(
    st.sampled_from(_NAMED),
    st.lists(st.booleans(), min_size=60, max_size=60),
    st.booleans(),
    st.sampled_from([" ", "  ", "_", "-"]),
    st.sampled_from(["NFC", "NFD"]),
)
def test_a_name_resolves_whatever_its_case_marks_and_spaces(
    named: tuple[type[enum.Enum], enum.Enum, str],
    upper: list[bool],
    bare: bool,
    space: str,
    form: str,
) -> None:
    enum_type, member, name = named
    text = _strip_marks(name) if bare else name
    text = "".join(c.upper() if u else c.lower() for c, u in zip(text, upper * 4, strict=False))
    text = unicodedata.normalize(form, f"  {text.replace(' ', space)} ")  # type: ignore[arg-type]
    assert resolve(enum_type, text) is member


@given(st.text(max_size=12))
def test_a_name_resolves_to_a_member_or_none(text: str) -> None:
    found = resolve(ZoneKind, text)
    assert found is None or name_key(text) in {name_key(n) for n in known_names(ZoneKind)[found]}


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("KCN", ZoneKind.INDUSTRIAL_PARK),
        ("kcn", ZoneKind.INDUSTRIAL_PARK),
        ("Khu công nghiệp", ZoneKind.INDUSTRIAL_PARK),
        ("khu cong nghiep", ZoneKind.INDUSTRIAL_PARK),
        ("CCN", ZoneKind.INDUSTRIAL_CLUSTER),
        ("cụm công nghiệp", ZoneKind.INDUSTRIAL_CLUSTER),
        ("KKT", ZoneKind.ECONOMIC_ZONE),
        ("Khu kinh tế", ZoneKind.ECONOMIC_ZONE),
        ("KCNC", ZoneKind.HI_TECH_PARK),
        ("khu công nghệ cao", ZoneKind.HI_TECH_PARK),
        ("KCX", ZoneKind.EXPORT_PROCESSING_ZONE),
        ("khu che xuat", ZoneKind.EXPORT_PROCESSING_ZONE),
        ("Industrial park", ZoneKind.INDUSTRIAL_PARK),
    ],
)
def test_the_zone_kinds_of_domain_md(name: str, kind: ZoneKind) -> None:
    zone = Zone(id="z", name="Z", kind=name, province="Hải Dương")
    assert zone.kind is kind


def test_an_unknown_name_is_an_error_with_the_nearest_name() -> None:
    with pytest.raises(InvalidValueError) as raised:
        Zone(id="z", name="Z", kind="khu cong nghe ca", province="Hải Dương")
    message = str(raised.value)
    assert "must be one of 'industrial_park'" in message
    assert "did you mean 'khu công nghệ cao' (hi_tech_park)?" in message
    assert "Zone 'z'" in message
    with pytest.raises(InvalidValueError, match="must be one of") as raised:
        Zone(id="z", name="Z", kind="zzzz", province="Hải Dương")
    assert "did you mean" not in str(raised.value)


def test_suggestions_keep_to_the_members_allowed() -> None:
    assert suggestion(ZoneKind, "CNN", frozenset({ZoneKind.INDUSTRIAL_CLUSTER})) == (
        "did you mean 'CCN' (industrial_cluster)?"
    )
    assert suggestion(ZoneKind, "") == ""
    assert suggestion(ZoneKind, 3) == ""


def test_the_dataset_file_reads_vietnamese_names() -> None:
    dataset = ip.loads(
        """
        [[zones]]
        id = "kcn-a"
        name = "KCN A"
        kind = "KCN"
        province = "Hải Dương"
        total_area = "300 ha"

        [[parcels]]
        id = "a-1"
        zone_id = "kcn-a"
        area = "45 ha"
        status = "Dành riêng"
        category = "công nghệ cao"
        """
    )
    assert dataset.zones[0].kind is ZoneKind.INDUSTRIAL_PARK
    assert dataset.parcels[0].status is ParcelStatus.RESERVED
    assert dataset.parcels[0].category is ip.Category.HI_TECH


def test_a_table_column_resolves_each_distinct_name_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from industrial_policy import names

    calls: list[object] = []
    real = names.resolve

    def counted(enum_type: type[enum.Enum], name: object) -> object:
        calls.append(name)
        return real(enum_type, name)

    monkeypatch.setattr("industrial_policy._fields.resolve", counted)
    kinds = ["KCN", "khu công nghiệp", "Cụm công nghiệp", "kkt", "KCN"] * 200
    table = read_table(
        Zone,
        {
            "id": [f"z{i}" for i in range(len(kinds))],
            "name": [f"Z {i}" for i in range(len(kinds))],
            "kind": kinds,
            "province": ["Hải Dương"] * len(kinds),
        },
    )
    assert [z.kind for z in table[:4]] == [
        ZoneKind.INDUSTRIAL_PARK,
        ZoneKind.INDUSTRIAL_PARK,
        ZoneKind.INDUSTRIAL_CLUSTER,
        ZoneKind.ECONOMIC_ZONE,
    ]
    assert sorted(map(str, calls)) == sorted({"KCN", "khu công nghiệp", "Cụm công nghiệp", "kkt"})


def test_a_table_names_the_row_and_the_nearest_name() -> None:
    with pytest.raises(TableError) as raised:
        read_table(
            Zone,
            {
                "id": ["a", "b"],
                "name": ["A", "B"],
                "kind": ["KCN", "cum cong ngiep"],
                "province": ["Hải Dương"] * 2,
            },
        )
    message = str(raised.value)
    assert "did you mean 'cụm công nghiệp' (industrial_cluster)?" in message
    assert "cum cong ngiep" in message
    assert "Zone 'b'" in message


def test_a_set_of_choices_takes_names_too() -> None:
    from industrial_policy.records.reported import ZoneScope

    scope = ZoneScope(province="Quảng Nam", kinds=["KCN", "khu chế xuất"])
    assert scope.kinds == frozenset({ZoneKind.INDUSTRIAL_PARK, ZoneKind.EXPORT_PROCESSING_ZONE})
    with pytest.raises(InvalidValueError, match=r"each item must be one of .*did you mean 'KCX'"):
        ZoneScope(kinds=["KCN", "KCY"])


def test_python_calls_take_names_too() -> None:
    from industrial_policy.evaluate import evaluate_all
    from industrial_policy.examples import load
    from industrial_policy.names import member
    from industrial_policy.records.procedures import OnlineService
    from industrial_policy.services.classification import LevelMapping

    report = evaluate_all(load("hai-duong-2021"))
    assert report.filter(status="không đạt") == report.filter(status="fail")
    assert LevelMapping().levels_of("toàn trình") == LevelMapping().levels_of("full_process")
    assert member(OnlineService, "Mot phan") is OnlineService.PARTIAL
    with pytest.raises(ValueError, match="names no OnlineService"):
        member(OnlineService, "level 5")
    with pytest.raises(InvalidValueError, match="no such status"):
        report.filter(status="xyz")

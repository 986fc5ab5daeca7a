"""A map of zones coloured by a finding: occupancy, a quota's share, a verdict.

:func:`plot_zone_map` draws each zone's polygon (from a
:class:`~industrial_policy.geo.GeometryTable`) filled by the value of its finding of one
check: the actual value (a share, an area) on a colour scale, or the verdict (pass, fail,
...) in the bar charts' colours, a failure also hatched. A zone with no finding of that
check is drawn grey and named in the legend as "no finding". Parcels, when given, are
drawn as thin outlines. :func:`zone_map_svg` is the same map as an inline ``<figure>``
for :func:`industrial_policy.findings.report_page`.

>>> import industrial_policy as ip
>>> from industrial_policy.geo import GeometryTable
>>> from industrial_policy.plots import plot_zone_map
>>> ds = ip.Dataset(zones=[
...     ip.Zone(id="kcn-a", name="A", kind="industrial_park", province="Hải Dương",
...             total_area="4 ha", industrial_land_area="4 ha"),
...     ip.Zone(id="kcn-b", name="B", kind="industrial_park", province="Hải Dương",
...             total_area="4 ha", industrial_land_area="4 ha")],
...     parcels=[ip.Parcel(id="a-1", zone_id="kcn-a", area="3 ha", status="leased")])
>>> report = ip.evaluate(ds, "2025-01-01", overrides={"vn-land.occupancy.min-share": "60%"})
>>> import shapely
>>> zones = GeometryTable.of("zones", {
...     "kcn-a": shapely.box(500_000, 2_300_000, 500_200, 2_300_200),
...     "kcn-b": shapely.box(500_300, 2_300_000, 500_500, 2_300_200),
... }, crs="VN-2000 Hải Dương")
>>> figure = plot_zone_map(report, zones, check="vn-land.occupancy")
>>> [patch.get_gid() for patch in figure.axes[0].patches]
['kcn-a', 'kcn-b']
>>> figure.axes[0].get_title()
'vn-land.occupancy: actual value'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

import numpy as np

from industrial_policy.errors import InvalidValueError, did_you_mean
from industrial_policy.findings import Finding, Report, Status
from industrial_policy.geo.table import GeometryTable
from industrial_policy.plots._bars import COLOURS, FAIL_HATCH, UNKNOWN_COLOUR
from industrial_policy.plots._matplotlib import axes_for, in_language
from industrial_policy.plots.inline import figure_svg

__all__ = ["plot_zone_map", "zone_map_svg"]

_EXTRA_COLOURS = {
    Status.ACHIEVED: "#1b5e20",
    Status.ON_TRACK: "#66bb6a",
    Status.AT_RISK: "#f9a825",
    Status.OFF_TRACK: "#c62828",
    Status.REGRESSING: "#6a1b9a",
    Status.NOT_APPLICABLE: "#bdbdbd",
    Status.INSUFFICIENT_DATA: UNKNOWN_COLOUR,
}
NO_FINDING_COLOUR = "#eeeeee"


def _paths(geometry: Any) -> list[Any]:
    """A polygon or multipolygon as matplotlib paths, holes included (even-odd rule)."""
    from matplotlib.path import Path

    paths = []
    for part in getattr(geometry, "geoms", [geometry]):
        if part.geom_type != "Polygon" or part.is_empty:
            continue
        rings = [np.asarray(part.exterior.coords)[:, :2]] + [
            np.asarray(r.coords)[:, :2] for r in part.interiors
        ]
        vertices = np.concatenate(rings)
        codes = np.concatenate(
            [[Path.MOVETO] + [Path.LINETO] * (len(r) - 2) + [Path.CLOSEPOLY] for r in rings]
        )
        paths.append(Path(vertices, codes))
    return paths


def _findings(
    source: Report | Iterable[Finding], check: str | None, noun: str
) -> tuple[str, dict[str, Finding]]:
    findings = [f for f in source if f.subject_kind == noun]
    checks = sorted({f.check_id for f in findings})
    if check is None:
        if len(checks) != 1:
            raise InvalidValueError(
                f"name the check whose findings colour the map; the {noun}s' checks are: "
                + (", ".join(checks) or "none"),
                value=None,
                field="check",
            )
        check = checks[0]
    elif check not in checks:
        raise InvalidValueError(
            f"no finding of this check on a {noun}; {did_you_mean(check, checks)}",
            value=check,
            field="check",
        )
    return check, {f.subject_id: f for f in findings if f.check_id == check}


def _number(finding: Finding) -> float | None:
    if finding.actual is None:
        return None
    value = float(finding.actual.value)
    return value * 100 if finding.actual.unit == "ratio" else value


@in_language
def plot_zone_map(
    source: Report | Iterable[Finding],
    zones: GeometryTable,
    *,
    check: str | None = None,
    value: Literal["actual", "status"] = "actual",
    parcels: GeometryTable | None = None,
    labels: bool | None = None,
    cmap: str = "viridis",
    ax: Any = None,
) -> Any:
    """The zones of ``zones`` coloured by their finding of ``check`` in ``source`` (a
    report): its ``actual`` value on a colour scale (a share in %), or its ``status``.
    ``check`` may be left out when the report's zone findings are of one check.
    Zones are labelled with their ids when ``labels`` is true (by default when there are
    at most 30). A table of parcels in place of ``zones`` colours the parcels by their
    findings (``check_geometry``'s ``geo.area``, ``geo.inside_zone``...) the same way.
    Returns the :class:`matplotlib.figure.Figure` (displayed in a notebook);
    with ``ax``, draws on it. Nothing is shown or saved."""
    if value not in ("actual", "status"):
        raise InvalidValueError("actual or status", value=value, field="value")
    chosen, by_zone = _findings(source, check, zones.kind[:-1])
    figure, axes = axes_for(ax, "plot_zone_map", (7.0, 6.0))
    from matplotlib import colormaps
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import Normalize
    from matplotlib.patches import Patch, PathPatch

    numbers = {k: _number(f) for k, f in by_zone.items()}
    known = [v for v in numbers.values() if v is not None]
    low, high = (min(known), max(known)) if known else (0.0, 1.0)
    if low == high:
        low, high = low - 1, high + 1
    norm = Normalize(low, high)
    scale = colormaps[cmap]
    seen: dict[str, Any] = {}
    for zone_id, geometry in zip(zones.ids.tolist(), zones.geometries.tolist(), strict=True):
        if geometry is None:
            continue
        finding = by_zone.get(zone_id)
        hatch = None
        colour: Any
        if finding is None:
            colour, label = NO_FINDING_COLOUR, "no finding"
        elif value == "status":
            colour = COLOURS.get(finding.status) or _EXTRA_COLOURS.get(
                finding.status, UNKNOWN_COLOUR
            )
            label = finding.status.value
            hatch = FAIL_HATCH if finding.status.is_failure else None
        else:
            number = numbers[zone_id]
            colour = scale(norm(number)) if number is not None else UNKNOWN_COLOUR
            label = "no value" if number is None else "value"
            hatch = FAIL_HATCH if finding.status.is_failure else None
        for path in _paths(geometry):
            patch = PathPatch(
                path, facecolor=colour, edgecolor="#424242", linewidth=0.6, hatch=hatch
            )
            patch.set_gid(zone_id)
            axes.add_patch(patch)
        if label != "value":
            seen.setdefault(label, Patch(facecolor=colour, edgecolor="#424242", label=label))
    if parcels is not None:
        outlines = parcels.to_crs(zones.crs)
        for geometry in outlines.geometries.tolist():
            if geometry is None:
                continue
            for path in _paths(geometry):
                axes.add_patch(PathPatch(path, fill=False, edgecolor="#616161", linewidth=0.2))
    if labels or (labels is None and len(zones) <= 30):
        for zone_id, geometry in zip(zones.ids.tolist(), zones.geometries.tolist(), strict=True):
            if geometry is not None and not geometry.is_empty:
                point = geometry.representative_point()
                axes.annotate(
                    zone_id, (point.x, point.y), ha="center", va="center", fontsize=7,
                    bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "alpha": 0.7,
                          "linewidth": 0},
                )  # fmt: skip
    axes.autoscale_view()
    if zones.crs.is_projected:
        axes.set_aspect("equal")
    axes.set_xticks([])
    axes.set_yticks([])
    axes.set_title(f"{chosen}: {'verdict' if value == 'status' else 'actual value'}")
    if value == "actual" and known:
        unit = next((f.actual.unit for f in by_zone.values() if f.actual is not None), "")
        mappable = ScalarMappable(norm=norm, cmap=scale)
        bar = figure.colorbar(mappable, ax=axes, shrink=0.7)
        bar.set_label("%" if unit == "ratio" else unit)
    if seen:
        axes.legend(
            handles=list(seen.values()),
            loc="upper left",
            bbox_to_anchor=(1.02, 1.0) if value == "status" else (0.0, -0.02),
            fontsize=8,
            frameon=False,
        )
    return figure


def zone_map_svg(
    source: Report | Iterable[Finding],
    zones: GeometryTable,
    *,
    prefix: str = "ip-map-",
    **options: Any,
) -> str:
    """:func:`plot_zone_map` as a ``<figure>`` with an inline ``<svg>``, for
    :func:`industrial_policy.findings.report_page` (``figures=[...]``). ``prefix`` starts
    every id in the SVG: give each map of a page its own."""
    figure = plot_zone_map(source, zones, **options)
    return f'<figure class="ip-figure">{figure_svg(figure, prefix=prefix)}</figure>'

"""The catalogue of units, ASN metrics and indicators (IKU), validated from a plain data tree.

The file format (YAML) is parsed in the shell; this module sees only dicts, lists and scalars and
reports the first problem with its path, which the shell turns into a file line.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from kinerja.errors import CatalogError
from kinerja.skm import ELEMENT_CODES
from kinerja.types import (
    Aggregation,
    Indicator,
    IndicatorSource,
    Metric,
    MetricType,
    OrgUnit,
    PeriodKind,
    Polarity,
    SurveyOptions,
    SurveyTemplate,
    Target,
    UnitKind,
)

Path = tuple[str | int, ...]
E = TypeVar("E", bound=enum.Enum)

UNIT_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,31}$")
"""Upper case, digits and hyphens: safe in deep-link payloads and ticket numbers."""
METRIC_CODE = re.compile(r"^[a-z][a-z0-9_]{1,31}$")
INDICATOR_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,39}$")

_KIND_RANK = {UnitKind.KECAMATAN: 0, UnitKind.PUSKESMAS: 1, UnitKind.SERVICE_UNIT: 2}

_UNIT_KEYS = {"code", "name", "kind", "children", "survey", "metrics"}
_SURVEY_KEYS = {"template", "skippable", "ask_importance", "ask_profile"}
_METRIC_KEYS = {
    "code",
    "name",
    "name_en",
    "unit_of_measure",
    "unit_of_measure_en",
    "type",
    "min",
    "max",
}
_INDICATOR_KEYS = {
    "code",
    "name",
    "name_en",
    "source",
    "polarity",
    "target",
    "period",
    "unit",
    "unit_kind",
    "aggregation",
    "metric",
    "element",
    "threshold_minutes",
    "cap",
}


@dataclass(frozen=True, slots=True)
class Catalog:
    units: tuple[OrgUnit, ...]
    metrics: tuple[Metric, ...]
    indicators: tuple[Indicator, ...]

    def unit(self, code: str) -> OrgUnit | None:
        return next((u for u in self.units if u.code == code), None)


def parse_catalog(document: object) -> Catalog:
    """Validate a whole catalogue; raises `CatalogError` on the first problem found."""
    root = _mapping(document, (), {"units", "metrics", "indicators"})
    metrics = tuple(
        _metric(item, ("metrics", i)) for i, item in enumerate(_list(root, "metrics", ()))
    )
    _unique((m.code for m in metrics), ("metrics",), "metric code")
    metric_types = {m.code: m.type for m in metrics}

    units: list[OrgUnit] = []
    for i, item in enumerate(_list(root, "units", (), required=True)):
        _unit_tree(item, ("units", i), None, metric_types, units)
    if not units:
        raise CatalogError(("units",), "at least one unit is required")
    _unique((u.code for u in units), ("units",), "unit code")

    unit_codes = {u.code for u in units}
    indicators = tuple(
        _indicator(item, ("indicators", i), unit_codes, metric_types)
        for i, item in enumerate(_list(root, "indicators", ()))
    )
    _unique((ind.code for ind in indicators), ("indicators",), "indicator code")
    return Catalog(units=tuple(units), metrics=metrics, indicators=indicators)


def _unit_tree(
    item: object,
    path: Path,
    parent: OrgUnit | None,
    metric_types: Mapping[str, MetricType],
    out: list[OrgUnit],
) -> None:
    data = _mapping(item, path, _UNIT_KEYS)
    code = _code(data, "code", path, UNIT_CODE, "upper-case letters, digits and '-', 2-32 long")
    kind = _enum(data, "kind", path, UnitKind)
    if parent is not None and _KIND_RANK[kind] <= _KIND_RANK[parent.kind]:
        raise CatalogError((*path, "kind"), f"a {kind} cannot be under a {parent.kind}")
    metric_codes = tuple(_str_list(data, "metrics", path))
    for j, metric_code in enumerate(metric_codes):
        if metric_code not in metric_types:
            raise CatalogError((*path, "metrics", j), f"unknown metric {metric_code!r}")
    unit = OrgUnit(
        code=code,
        name=_str(data, "name", path),
        kind=kind,
        parent_code=parent.code if parent else None,
        survey=_survey(data.get("survey"), (*path, "survey")),
        metric_codes=metric_codes,
    )
    out.append(unit)
    for j, child in enumerate(_list(data, "children", path)):
        _unit_tree(child, (*path, "children", j), unit, metric_types, out)


def _survey(item: object, path: Path) -> SurveyOptions:
    if item is None:
        return SurveyOptions()
    data = _mapping(item, path, _SURVEY_KEYS)
    skippable = _str_list(data, "skippable", path)
    for j, code in enumerate(skippable):
        if code not in ELEMENT_CODES:
            raise CatalogError((*path, "skippable", j), f"unknown SKM element {code!r}")
    template = (
        _enum(data, "template", path, SurveyTemplate) if "template" in data else SurveyTemplate.SKM
    )
    return SurveyOptions(
        template=template,
        skippable_elements=frozenset(skippable),
        ask_importance=_bool(data, "ask_importance", path),
        ask_profile=_bool(data, "ask_profile", path),
    )


def _metric(item: object, path: Path) -> Metric:
    data = _mapping(item, path, _METRIC_KEYS)
    name = _str(data, "name", path)
    unit_of_measure = _str(data, "unit_of_measure", path)
    minimum = _decimal(data, "min", path) if "min" in data else Decimal(0)
    maximum = _decimal(data, "max", path) if "max" in data else Decimal(500)
    if minimum < 0 or maximum <= minimum:
        raise CatalogError((*path, "max"), "bounds must satisfy 0 <= min < max")
    return Metric(
        code=_code(data, "code", path, METRIC_CODE, "lower-case letters, digits and '_'"),
        name=name,
        name_en=_str(data, "name_en", path) if "name_en" in data else name,
        unit_of_measure=unit_of_measure,
        unit_of_measure_en=(
            _str(data, "unit_of_measure_en", path)
            if "unit_of_measure_en" in data
            else unit_of_measure
        ),
        type=_enum(data, "type", path, MetricType),
        minimum=minimum,
        maximum=maximum,
    )


def _indicator(
    item: object, path: Path, unit_codes: set[str], metric_types: Mapping[str, MetricType]
) -> Indicator:
    data = _mapping(item, path, _INDICATOR_KEYS)
    code = _code(data, "code", path, INDICATOR_CODE, "letters, digits, '.', '_' or '-'")
    name = _str(data, "name", path)
    source = _enum(data, "source", path, IndicatorSource)

    unit_code = _str(data, "unit", path) if "unit" in data else None
    unit_kind = _enum(data, "unit_kind", path, UnitKind) if "unit_kind" in data else None
    if (unit_code is None) == (unit_kind is None):
        raise CatalogError(path, "give exactly one of 'unit' or 'unit_kind'")
    if unit_code is not None and unit_code not in unit_codes:
        raise CatalogError((*path, "unit"), f"unknown unit {unit_code!r}")

    element = None
    if source is IndicatorSource.SKM_ELEMENT:
        element = _str(data, "element", path)
        if element not in ELEMENT_CODES:
            raise CatalogError((*path, "element"), f"unknown SKM element {element!r}")
    threshold = None
    if source is IndicatorSource.WAITING_TIME_WITHIN:
        threshold = int(_decimal(data, "threshold_minutes", path))
        if not 0 < threshold <= 600:
            raise CatalogError((*path, "threshold_minutes"), "must be between 1 and 600")
    metric_code = None
    aggregation = None
    if source in (IndicatorSource.ASN_METRIC, IndicatorSource.ASN_RATIO):
        metric_code = _str(data, "metric", path)
        if metric_code not in metric_types:
            raise CatalogError((*path, "metric"), f"unknown metric {metric_code!r}")
        is_ratio = metric_types[metric_code] is MetricType.RATIO
        if is_ratio != (source is IndicatorSource.ASN_RATIO):
            raise CatalogError(
                (*path, "metric"), "asn_ratio needs a ratio metric; asn_metric a count or decimal"
            )
        if source is IndicatorSource.ASN_METRIC:
            aggregation = _enum(data, "aggregation", path, Aggregation)

    cap = _decimal(data, "cap", path) if "cap" in data else None
    if cap is not None and cap <= 0:
        raise CatalogError((*path, "cap"), "must be a positive percentage")
    return Indicator(
        code=code,
        name=name,
        name_en=_str(data, "name_en", path) if "name_en" in data else name,
        source=source,
        polarity=_enum(data, "polarity", path, Polarity),
        target=_target(data, path),
        period=_enum(data, "period", path, PeriodKind),
        unit_code=unit_code,
        unit_kind=unit_kind,
        aggregation=aggregation,
        metric_code=metric_code,
        element_code=element,
        threshold_minutes=threshold,
        cap_percent=cap,
    )


def _target(data: Mapping[str, object], path: Path) -> Target:
    if "target" not in data:
        raise CatalogError((*path, "target"), "is required")
    value = data["target"]
    if isinstance(value, list):
        if len(value) != 2:
            raise CatalogError((*path, "target"), "a range is written [low, high]")
        low = _number(value[0], (*path, "target", 0))
        high = _number(value[1], (*path, "target", 1))
        if high < low:
            raise CatalogError((*path, "target"), "low must not exceed high")
        return Target(low, high)
    return Target(_number(value, (*path, "target")))


# --------------------------------------------------------------------------- scalar readers


def _mapping(item: object, path: Path, allowed: set[str]) -> Mapping[str, object]:
    if not isinstance(item, Mapping):
        raise CatalogError(path, "expected a mapping of keys to values")
    for key in item:
        if key not in allowed:
            raise CatalogError(
                (*path, str(key)), f"unknown key (allowed: {', '.join(sorted(allowed))})"
            )
    return item


def _list(
    data: Mapping[str, object], key: str, path: Path, *, required: bool = False
) -> list[object]:
    if key not in data or data[key] is None:
        if required:
            raise CatalogError((*path, key), "is required")
        return []
    value = data[key]
    if not isinstance(value, list):
        raise CatalogError((*path, key), "expected a list")
    return value


def _str(data: Mapping[str, object], key: str, path: Path) -> str:
    value = data.get(key)
    if value is None:
        raise CatalogError((*path, key), "is required")
    if not isinstance(value, str) or not value.strip():
        raise CatalogError((*path, key), "expected non-empty text")
    return value.strip()


def _str_list(data: Mapping[str, object], key: str, path: Path) -> list[str]:
    items = _list(data, key, path)
    for j, value in enumerate(items):
        if not isinstance(value, str):
            raise CatalogError((*path, key, j), "expected text")
    return [str(v) for v in items]


def _code(
    data: Mapping[str, object], key: str, path: Path, pattern: re.Pattern[str], rule: str
) -> str:
    value = _str(data, key, path)
    if not pattern.match(value):
        raise CatalogError((*path, key), f"{value!r} is not a valid code ({rule})")
    return value


def _bool(data: Mapping[str, object], key: str, path: Path) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise CatalogError((*path, key), "expected true or false")
    return value


def _number(value: object, path: Path) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise CatalogError(path, "expected a number")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise CatalogError(path, "expected a number") from None
    if not number.is_finite():
        raise CatalogError(path, "expected a finite number")
    return number


def _decimal(data: Mapping[str, object], key: str, path: Path) -> Decimal:
    if key not in data:
        raise CatalogError((*path, key), "is required")
    return _number(data[key], (*path, key))


def _enum(data: Mapping[str, object], key: str, path: Path, enum_type: type[E]) -> E:
    value = _str(data, key, path)
    try:
        return enum_type(value)
    except ValueError:
        allowed = ", ".join(str(m.value) for m in enum_type)
        raise CatalogError((*path, key), f"{value!r} is not one of: {allowed}") from None


def _unique(codes: Iterable[str], path: Path, what: str) -> None:
    seen: set[str] = set()
    for code in codes:
        if code in seen:
            raise CatalogError(path, f"duplicate {what} {code!r}")
        seen.add(code)

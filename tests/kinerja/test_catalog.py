"""Catalogue validation: the example passes, and each rule names the path of its problem."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest

from kinerja.catalog import Catalog, parse_catalog
from kinerja.errors import CatalogError
from kinerja.types import IndicatorSource, UnitKind


def _minimal() -> dict[str, Any]:
    return {
        "units": [
            {
                "code": "PKM-A",
                "name": "Puskesmas A",
                "kind": "puskesmas",
                "metrics": ["pasien"],
                "children": [{"code": "PKM-A-UMUM", "name": "Poli Umum", "kind": "service_unit"}],
            }
        ],
        "metrics": [
            {"code": "pasien", "name": "Pasien", "unit_of_measure": "orang", "type": "integer"}
        ],
        "indicators": [
            {
                "code": "IKM",
                "name": "IKM",
                "source": "ikm",
                "unit_kind": "puskesmas",
                "polarity": "higher",
                "target": 76.61,
                "period": "week",
            },
        ],
    }


def test_example_catalogue_is_valid(example_catalog: Catalog) -> None:
    codes = {u.code for u in example_catalog.units}
    assert {"PAUH", "PKM-PAUH", "PKM-PAUH-UMUM"} <= codes
    assert example_catalog.unit("PKM-PAUH-UMUM").parent_code == "PKM-PAUH"  # type: ignore[union-attr]
    sources = {i.source for i in example_catalog.indicators}
    assert IndicatorSource.WAITING_TIME_WITHIN in sources
    assert IndicatorSource.ASN_RATIO in sources


def test_minimal_catalogue() -> None:
    catalog = parse_catalog(_minimal())
    assert [u.kind for u in catalog.units] == [UnitKind.PUSKESMAS, UnitKind.SERVICE_UNIT]
    assert catalog.indicators[0].target.low == Decimal("76.61")


def _broken(mutate: Any) -> dict[str, Any]:
    document = copy.deepcopy(_minimal())
    mutate(document)
    return document


@pytest.mark.parametrize(
    ("mutate", "path", "problem"),
    [
        pytest.param(
            lambda d: d["units"][0].update(kind="rumah_sakit"),
            ("units", 0, "kind"),
            "is not one of",
            id="unknown unit kind",
        ),
        pytest.param(
            lambda d: d["units"][0]["children"][0].update(code="poli umum"),
            ("units", 0, "children", 0, "code"),
            "not a valid code",
            id="bad unit code",
        ),
        pytest.param(
            lambda d: d["units"][0]["children"][0].update(kind="kecamatan"),
            ("units", 0, "children", 0, "kind"),
            "cannot be under",
            id="kecamatan under a puskesmas",
        ),
        pytest.param(
            lambda d: d["units"].append(copy.deepcopy(d["units"][0])),
            ("units",),
            "duplicate unit code",
            id="duplicate unit",
        ),
        pytest.param(
            lambda d: d["units"][0].update(metrics=["nope"]),
            ("units", 0, "metrics", 0),
            "unknown metric",
            id="unknown metric on a unit",
        ),
        pytest.param(
            lambda d: d["units"][0].update(survey={"skippable": ["U10"]}),
            ("units", 0, "survey", "skippable", 0),
            "unknown SKM element",
            id="unknown element",
        ),
        pytest.param(
            lambda d: d["indicators"][0].update(target="tinggi"),
            ("indicators", 0, "target"),
            "expected a number",
            id="target not a number",
        ),
        pytest.param(
            lambda d: d["indicators"][0].update(target=[9, 7]),
            ("indicators", 0, "target"),
            "low must not exceed high",
            id="inverted range",
        ),
        pytest.param(
            lambda d: d["indicators"][0].update(unit="PKM-A"),
            ("indicators", 0),
            "exactly one of",
            id="both unit and unit_kind",
        ),
        pytest.param(
            lambda d: d["indicators"][0].update(source="asn_metric", metric="pasien"),
            ("indicators", 0, "aggregation"),
            "is required",
            id="asn_metric without aggregation",
        ),
        pytest.param(
            lambda d: d["indicators"][0].update(source="asn_ratio", metric="pasien"),
            ("indicators", 0, "metric"),
            "needs a ratio metric",
            id="ratio indicator on a count",
        ),
        pytest.param(
            lambda d: d["indicators"][0].update(colour="red"),
            ("indicators", 0, "colour"),
            "unknown key",
            id="unknown key",
        ),
        pytest.param(
            lambda d: d["metrics"][0].update(min=10, max=5),
            ("metrics", 0, "max"),
            "bounds",
            id="inverted metric bounds",
        ),
        pytest.param(lambda d: d.pop("units"), ("units",), "is required", id="no units"),
    ],
)
def test_each_rule_names_its_path(mutate: Any, path: tuple[Any, ...], problem: str) -> None:
    with pytest.raises(CatalogError) as caught:
        parse_catalog(_broken(mutate))
    assert caught.value.path == path
    assert problem in caught.value.problem


def test_not_a_mapping() -> None:
    with pytest.raises(CatalogError) as caught:
        parse_catalog(["units"])
    assert caught.value.path == ()

"""Synthetic rows of each dataset (numpy default_rng(SEED)) that satisfy every contract rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import numpy as np

from loaders.content import reference
from loaders.contracts import vocab
from loaders.contracts.datasets import CONTRACTS
from loaders.contracts.indicator_series import CONFIDENCE
from tools.samples.common import MINUTES_IN_HALF_YEAR, ROWS, SEED, START, Row

# ---------------------------------------------------------------- synthetic rows


def _minute(rng: np.random.Generator, low_hours: float, high_hours: float) -> dt.timedelta:
    return dt.timedelta(minutes=int(rng.integers(int(low_hours * 60), int(high_hours * 60) + 1)))


def _moment(rng: np.random.Generator) -> dt.datetime:
    return START + dt.timedelta(minutes=int(rng.integers(0, MINUTES_IN_HALF_YEAR)))


def _places(kind: str) -> list[str]:
    return [p["place_id"] for p in reference.places() if p["kind"] == kind]


_DESTINATION_COUNTRY = {
    "DEST_MOSCOW": "RU",
    "DEST_VORSINO": "RU",
    "DEST_MINSK": "BY",
    "DEST_DUISBURG": "DE",
    "DEST_HAMBURG": "DE",
    "DEST_BUDAPEST": "HU",
    "DEST_WARSAW": "PL",
    "DEST_MALASZEWICZE": "PL",
    "DEST_TASHKENT": "UZ",
    "DEST_ALMATY": "KZ",
    "DEST_BISHKEK": "KG",
}


def _clearance(rng: np.random.Generator, n: int) -> list[Row]:
    kinds = {p["customs_code"]: p["kind"] for p in reference.places() if p["customs_code"]}
    codes = [row["customs_code"] for row in reference.customs_codes()]
    mode_by_kind = {"land_port": "road", "seaport": "sea", "airport": "air", "customs_office": "road"}
    rows = []
    for i in range(n):
        customs = str(rng.choice(codes))
        mode = mode_by_kind[kinds[customs]]
        if kinds[customs] == "seaport" and rng.random() < 0.1:
            mode = "rail"  # sea-rail intermodal declared at the port
        direction = "import" if rng.random() < 0.55 else "export"
        arrived = _moment(rng)
        advance = bool(rng.random() < 0.4)
        declared = arrived - _minute(rng, 2, 72) if advance else arrived + _minute(rng, 0.5, 24)
        released = max(arrived, declared) + _minute(rng, 0.2, 48) if rng.random() < 0.95 else None
        exited = released + _minute(rng, 0.1, 12) if released and rng.random() < 0.85 else None
        rows.append(
            {
                "declaration_id": f"{customs}{arrived.year}{1 if direction == 'import' else 0}{i + 1:09d}",
                "direction": direction,
                "transport_mode": mode,
                "customs_code": customs,
                "arrived_at": arrived,
                "declared_at": declared,
                "released_at": released,
                "exited_at": exited,
                "is_inspected": bool(rng.random() < 0.08),
                "is_aeo": bool(rng.random() < 0.3),
                "is_advance_declaration": advance,
                "is_two_step": bool(rng.random() < 0.15),
                "hs_chapter": int(rng.integers(1, 98)) if rng.random() < 0.9 else None,
            }
        )
    return rows


_FRESH_WEIGHT_T = {
    "vegetables": (5, 30),
    "fruit": (5, 25),
    "live_pigs": (8, 15),
    "live_cattle": (10, 20),
    "live_poultry": (2, 6),
    "aquatic": (1, 10),
    "chilled_poultry": (2, 12),
    "eggs": (3, 15),
    "other": (1, 8),
}
_FRESH_HEADS = {"live_pigs": (80, 200), "live_cattle": (15, 40), "live_poultry": (800, 3000)}


def _fresh_produce(rng: np.random.Generator, n: int) -> list[Row]:
    ports = _places("land_port")
    categories = list(vocab.FRESH_CATEGORY)
    weights = np.array([30, 10, 8, 3, 5, 12, 8, 6, 4], dtype=float)
    rows = []
    for i in range(n):
        category = str(rng.choice(categories, p=weights / weights.sum()))
        arrived = _moment(rng) if rng.random() < 0.9 else None
        crossed = arrived + _minute(rng, 0.1, 3) if arrived else _moment(rng)
        low, high = _FRESH_WEIGHT_T[category]
        heads = _FRESH_HEADS.get(category)
        rows.append(
            {
                "consignment_id": f"FP{crossed:%Y%m%d}{i + 1:05d}",
                "crossed_at": crossed,
                "arrived_port_at": arrived,
                "port": "SZ_WENJINDU" if rng.random() < 0.5 else str(rng.choice(ports)),
                "category": category,
                "weight_t": round(float(rng.uniform(low, high)), 3),
                "head_count": int(rng.integers(*heads)) if heads else None,
                "base_id": f"GB{int(rng.integers(1, 400)):04d}" if rng.random() < 0.8 else None,
                "is_precleared_at_base": bool(rng.random() < 0.6),
            }
        )
    return rows


_SEAFOOD = {
    "NO": "冰鲜大西洋鲑",
    "CL": "冰鲜三文鱼",
    "AU": "冰鲜龙虾",
    "NZ": "冰鲜帝王鲑",
    "CA": "冰鲜北极贝",
    "FO": "冰鲜鳕鱼",
    "IS": "冰鲜鳕鱼",
    "VN": "冰鲜金枪鱼",
    "TH": "冰鲜虾",
    "JP": "冰鲜扇贝",
}
_LABS = ("深圳海关食品检验检疫技术中心", "深圳海关动植物检验检疫技术中心")


def _seafood_lab(rng: np.random.Generator, n: int) -> list[Row]:
    countries = list(_SEAFOOD)
    rows = []
    for i in range(n):
        country = str(rng.choice(countries))
        sampled = _moment(rng)
        received = sampled + _minute(rng, 0.5, 6)
        reported = received + _minute(rng, 2, 30) if rng.random() < 0.92 else None
        rows.append(
            {
                "sample_id": f"SL{sampled:%Y%m}{i + 1:05d}",
                "product": _SEAFOOD[country],
                "origin_country": country,
                "lab": _LABS[int(rng.random() < 0.3)],
                "sampled_at": sampled,
                "received_at": received,
                "reported_at": reported,
                "result": ("pass" if rng.random() < 0.97 else "fail") if reported else None,
                "is_green_channel": bool(rng.random() < 0.6),
            }
        )
    return rows


def _rail_train(rng: np.random.Generator, n: int) -> list[Row]:
    crossings = _places("border_crossing")
    cities = list(_DESTINATION_COUNTRY)
    services = list(vocab.RAIL_SERVICE)
    rows = []
    for i in range(n):
        outbound = bool(rng.random() < 0.75)
        city = str(rng.choice(cities))
        teu = float(rng.choice([41, 43, 50, 55, 100]))
        rows.append(
            {
                "train_no": f"X{8001 + i % 60}",
                "departed_at": START + dt.timedelta(hours=14 * i) + _minute(rng, 0, 6),
                "direction": "outbound" if outbound else "inbound",
                "origin_station": "SZ_PINGHUSOUTH" if outbound else city,
                "border_crossing": str(rng.choice(crossings)),
                "destination_city": city if outbound else "SZ_PINGHUSOUTH",
                "destination_country": _DESTINATION_COUNTRY[city] if outbound else "CN",
                "teu": teu,
                "weight_t": round(teu * float(rng.uniform(8, 16)), 1),
                "value_cny": float(round(teu * float(rng.uniform(2e5, 9e5)))),
                "service": str(rng.choice(services, p=[0.6, 0.15, 0.1, 0.15])),
            }
        )
    return rows


def _tir_trip(rng: np.random.Generator, n: int) -> list[Row]:
    exits = ["BX_HORGOS", "BX_ERENHOT", "BX_ALASHANKOU", "BX_MANZHOULI", "BX_DULATA"]
    cities = list(_DESTINATION_COUNTRY)
    rows = []
    for i in range(n):
        city = str(rng.choice(cities))
        vehicles = int(rng.integers(1, 6))
        departed = _moment(rng)
        rows.append(
            {
                "carnet_no": f"XC{71000000 + i * 37:08d}",
                "departed_at": departed,
                "arrived_at": departed + _minute(rng, 5 * 24, 14 * 24) if rng.random() < 0.9 else None,
                "exit_port": str(rng.choice(exits)),
                "destination_city": city,
                "destination_country": _DESTINATION_COUNTRY[city],
                "vehicles": vehicles,
                "weight_t": round(vehicles * float(rng.uniform(8, 25)), 2),
                "value_cny": float(round(vehicles * float(rng.uniform(1e5, 8e5)))),
            }
        )
    return rows


_SERIES = (
    ("aeo.enterprises", "enterprises", (380, 420)),
    ("combiport.teu", "TEU", (20000, 32000)),
    ("issues.resolved", "issues", (40, 120)),
    ("overseas_warehouse.filings", "filings", (5, 30)),
    ("issues.days_to_resolve", "days", (1.5, 4.0)),
)
_SCOPES = ("shenzhen_customs_district", "huanggang", "shekou", "yantian", "qianhai")


def _indicator_series(rng: np.random.Generator, n: int) -> list[Row]:
    rows = []
    months = max(1, n // (len(_SERIES) * len(_SCOPES)))
    confidences = list(CONFIDENCE)
    for indicator, unit, (low, high) in _SERIES:
        for scope in _SCOPES:
            for m in range(months):
                start = dt.date(2023 + m // 12, m % 12 + 1, 1)
                end = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1) - dt.timedelta(days=1)
                value = float(rng.uniform(low, high))
                rows.append(
                    {
                        "indicator_id": indicator,
                        "scope": scope,
                        "period_start": start,
                        "period_end": end,
                        "value": round(value, 2) if high < 10 else float(round(value)),
                        "unit": unit,
                        "source": "format sample (synthetic data) 格式样例（合成数据）",
                        "source_url": None,
                        "confidence": str(rng.choice(confidences)) if rng.random() < 0.8 else None,
                        "qualifier": None,
                        "note": "合成数据，仅示格式" if m == 0 else None,
                    }
                )
    return rows[:n]


_GENERATORS: dict[str, Callable[[np.random.Generator, int], list[Row]]] = {
    "clearance": _clearance,
    "fresh_produce": _fresh_produce,
    "seafood_lab": _seafood_lab,
    "rail_train": _rail_train,
    "tir_trip": _tir_trip,
    "indicator_series": _indicator_series,
}


def sample_rows(dataset: str, rows: int = ROWS, seed: int = SEED) -> list[Row]:
    """The synthetic rows of a dataset as canonical Python values (codes, datetimes, bools, None)."""
    index = list(CONTRACTS).index(dataset)
    rng = np.random.default_rng([seed, index])
    return _GENERATORS[dataset](rng, rows)

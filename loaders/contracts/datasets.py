"""The registry of dataset contracts, in the order pages and docs list them."""

from __future__ import annotations

from loaders.contracts import clearance, fresh_produce, indicator_series, rail_train, seafood_lab, tir_trip
from loaders.contracts.contract import Contract

CONTRACTS: dict[str, Contract] = {
    module.CONTRACT.dataset: module.CONTRACT for module in (clearance, fresh_produce, seafood_lab, rail_train, tir_trip, indicator_series)
}
TABLES = {
    module.CONTRACT.dataset: module.TABLE for module in (clearance, fresh_produce, seafood_lab, rail_train, tir_trip, indicator_series)
}

"""Fields that the freight contracts (China–Europe trains, TIR trips) declare alike."""

from __future__ import annotations

from loaders.content import reference
from loaders.contracts.contract import Field


def destination_fields() -> tuple[Field, Field]:
    """Destination city (kept as written when not in the reference) and country."""
    return (
        Field(
            "destination_city",
            "code",
            "目的地城市",
            "Destination city",
            codes=reference.place_spellings(),
            open_codes=True,
            aliases=("目的城市", "destination"),
        ),
        Field("destination_country", "code", "目的国", "Destination country", codes=reference.country_spellings(), aliases=("目的地国家",)),
    )


def cargo_fields(max_weight_t: float) -> tuple[Field, Field]:
    """Cargo weight (tonnes; a kilogram header converts) and value, up to a plausible load."""
    return (
        Field(
            "weight_t",
            "float",
            "货重(吨)",
            "Weight (t)",
            minimum=0,
            maximum=max_weight_t,
            aliases=("重量(吨)", "weight"),
            unit_headers={"货重(千克)": 0.001, "weight_kg": 0.001},
        ),
        Field("value_cny", "float", "货值(元)", "Value (CNY)", minimum=0, maximum=5e9, aliases=("货值", "value")),
    )

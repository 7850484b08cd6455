"""Coded values shared by several contracts: canonical code -> accepted spellings.

Canonical codes are short English words; files may use Chinese, English or the official codes.
"""

from __future__ import annotations

DIRECTION = {
    "import": ("进口", "進口", "进", "I", "imp", "import", "1"),
    "export": ("出口", "出", "E", "exp", "export", "0"),
}

# China customs transport-mode codes (运输方式代码).
TRANSPORT_MODE = {
    "sea": ("2", "水路运输", "水路運輸", "水路", "海运", "海運", "sea", "waterway", "water"),
    "rail": ("3", "铁路运输", "鐵路運輸", "铁路", "鐵路", "rail", "railway"),
    "road": ("4", "公路运输", "公路運輸", "公路", "road", "truck", "highway"),
    "air": ("5", "航空运输", "航空運輸", "航空", "空运", "空運", "air", "aviation"),
}

FRESH_CATEGORY = {
    "vegetables": ("蔬菜", "vegetable", "veg"),
    "fruit": ("水果", "fruits"),
    "live_pigs": ("活猪", "活豬", "live pig", "live pigs", "pigs"),
    "live_cattle": ("活牛", "live cattle", "cattle"),
    "live_poultry": ("活禽", "live poultry", "poultry"),
    "aquatic": ("水产品", "水產品", "aquatic products", "seafood", "fish"),
    "chilled_poultry": ("冰鲜禽肉", "冰鮮禽肉", "chilled poultry", "chilled poultry meat"),
    "eggs": ("蛋类", "蛋類", "egg", "eggs"),
    "other": ("其他", "others"),
}
LIVE_ANIMAL_CATEGORIES = ("live_pigs", "live_cattle", "live_poultry")

LAB_RESULT = {
    "pass": ("合格", "pass", "passed", "ok", "conforming", "P"),
    "fail": ("不合格", "fail", "failed", "nonconforming", "non-conforming", "F"),
}

RAIL_DIRECTION = {
    "outbound": ("去程", "出境", "outbound", "westbound", "out"),
    "inbound": ("回程", "入境", "inbound", "eastbound", "return", "in"),
}

RAIL_SERVICE = {
    "regular": ("常规", "常規", "regular", "standard"),
    "premium": ("精品班列", "精品", "premium", "express"),
    "cold_chain": ("冷链", "冷鏈", "冷链班列", "cold chain", "cold-chain", "reefer"),
    "ecommerce": ("跨境电商", "跨境電商", "跨境电商班列", "cross-border e-commerce", "e-commerce", "ecommerce"),
}

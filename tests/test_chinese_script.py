"""Script conversion is OpenCC's, in both directions, and keeps positions for search."""

from __future__ import annotations

import pytest

from dashboard.chinese_script import simplified_char, to_simplified, to_traditional


@pytest.mark.parametrize(
    ("simplified", "traditional"),
    [("深圳海关促进跨境贸易便利化", "深圳海關促進跨境貿易便利化"), ("数据截至", "數據截至"), ("冰鲜水产品检测", "冰鮮水產品檢測")],
)
def test_both_directions_agree(simplified, traditional):
    assert to_traditional(simplified) == traditional
    assert to_simplified(traditional) == simplified


def test_one_character_in_one_character_out():
    assert [simplified_char(c) for c in "關於數據"] == list("关于数据")
    assert simplified_char("a") == "a" and simplified_char("，") == "，"

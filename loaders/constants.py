"""Names the whole app shares, defined once: interface languages, period grains, clearance stages.

Imports nothing, so every layer (loaders, dashboard, pages, tools) can use it; the modules that
used to carry their own copy import these (a test finds any copy of these tuples elsewhere).
"""

from __future__ import annotations

LANGS = ("zh_hans", "en", "zh_hant")  # 简体中文 (the default), English, 繁體中文; datasets/i18n/<lang>/
GRAINS = ("day", "week", "month", "quarter", "year")  # periods a chart or card can be read at; a week starts on Monday

# The clearance stages (WCO Time Release Study), in the order a declaration goes through them; hours.
CLEARANCE_STAGES = ("arrival_to_declaration_hours", "declaration_to_release_hours", "release_to_exit_hours")
# Every clearance duration the aggregate summarises: overall time (arrival -> release) and each stage.
CLEARANCE_DURATIONS = ("overall_hours", *CLEARANCE_STAGES)

# What a published figure's number is when it is not exact: more_than where the source says 余/超过
# (the value is a lower bound, never judged against as if exact), about where it says 约/近 (shown
# as published, never with more digits than it has).
QUALIFIERS = ("more_than", "about")

"""Every table the app shows: numbers with thousands separators in the reader's locale (12,345),
whatever the column, so no table shows 12345 beside another's 12,345."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st


def number_columns(frame: pd.DataFrame) -> dict[str, Any]:
    """Streamlit column settings that write each numeric column of `frame` with separators."""
    return {
        column: st.column_config.NumberColumn(str(column), format="localized")
        for column in frame.columns
        if pd.api.types.is_numeric_dtype(frame[column]) and not pd.api.types.is_bool_dtype(frame[column])
    }


def show_table(frame: pd.DataFrame, column_config: dict[str, Any] | None = None, **options: Any) -> None:
    """st.dataframe without the index, as wide as its container, numbers with separators;
    `column_config` overrides a column's setting (a link column, a fixed width)."""
    st.dataframe(
        frame, hide_index=True, width="stretch", column_config={**number_columns(frame), **(column_config or {})} or None, **options
    )

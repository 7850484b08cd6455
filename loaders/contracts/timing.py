"""Durations between timestamps, computed once at load time so aggregates stay plain SQL."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt
import pyarrow as pa

# A batch's typed columns by name, chunked when the file was read by Arrow's CSV reader (a string: pyarrow's
# classes are not subscriptable at run time).
Columns: TypeAlias = "Mapping[str, pa.Array[Any] | pa.ChunkedArray[Any]]"


def seconds(columns: Columns, name: str) -> npt.NDArray[np.float64]:
    """Epoch seconds as float with NaN for missing, so arithmetic propagates gaps."""
    array = columns[name]
    if pa.types.is_date(array.type):  # date32 cannot cast to int64 directly
        array = array.cast(pa.timestamp("s"))
    values = array.cast(pa.int64()).to_numpy(zero_copy_only=False)
    return np.asarray(values, dtype="float64")


def span(columns: Columns, start: str, end: str, unit_seconds: float) -> npt.NDArray[np.float64]:
    return (seconds(columns, end) - seconds(columns, start)) / unit_seconds


def as_array(values: np.ndarray) -> pa.Array[Any]:
    return pa.array(values, pa.float64(), from_pandas=True)


def before(columns: Columns, later: str, earlier: str) -> npt.NDArray[np.bool_]:
    """Rows where `later` is set, `earlier` is set and `later` precedes it."""
    gap = span(columns, earlier, later, 1.0)
    return np.nan_to_num(gap, nan=0.0) < 0

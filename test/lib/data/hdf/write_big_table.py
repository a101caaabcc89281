"""Writes a pandas HDF5 table bigger than the 2 GiB wasm heap, the way analysts grow one: appends.

usage: /usr/bin/python3 write_big_table.py FILE ROWS
Column `x` holds the row number as float64 (so any row range can be checked without reading the
file in Python), `y` is x / 2; the index is the default RangeIndex (stored as int64).
"""
import sys

import numpy as np
import pandas as pd

path, rows = sys.argv[1], int(sys.argv[2])
chunk = 10_000_000
with pd.HDFStore(path, mode="w") as store:
    for start in range(0, rows, chunk):
        stop = min(rows, start + chunk)
        x = np.arange(start, stop, dtype=np.float64)
        store.append("big", pd.DataFrame({"x": x, "y": x / 2}, index=pd.RangeIndex(start, stop)), index=False)

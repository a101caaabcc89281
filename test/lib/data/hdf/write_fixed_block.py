"""Writes a pandas fixed-format frame whose float block spans many row slices.

usage: /usr/bin/python3 write_fixed_block.py FILE ROWS
Float column `c<j>` holds row * 6 + j (exact in float64), `k` the row as int64; key "df" is stored
contiguous (no compression), key "z" the same frame zlib-compressed (chunked), key "t" the same frame
in table format (compound rows: index, the six floats as one field, k).
"""
import sys

import numpy as np
import pandas as pd

path, rows = sys.argv[1], int(sys.argv[2])
r = np.arange(rows, dtype=np.float64)
df = pd.DataFrame({f"c{j}": r * 6 + j for j in range(6)})
df["k"] = np.arange(rows, dtype=np.int64)
df.to_hdf(path, key="df", mode="w", format="fixed")
df.to_hdf(path, key="z", mode="a", format="fixed", complevel=1, complib="zlib")
df.to_hdf(path, key="t", mode="a", format="table")

#!/usr/bin/python3
"""The pandas peer of bench/data/read.ts: one read in a fresh process, printed as JSON.

    /usr/bin/python3 read_peer.py csv|hdf PATH [KEY]

Imports happen before the clock starts (the Node side loads h5wasm before its clock too);
peak RSS is the whole process's, as on the Node side.
"""
import json
import resource
import sys
import time

import pandas as pd
import tables  # noqa: F401  (PyTables: imported before timing, like h5wasm on our side)

kind, path = sys.argv[1], sys.argv[2]
key = sys.argv[3] if len(sys.argv) > 3 else None
t0 = time.perf_counter()
c0 = time.process_time()
df = pd.read_csv(path) if kind == "csv" else pd.read_hdf(path, key)
seconds = time.perf_counter() - t0
cpu_seconds = time.process_time() - c0
print(json.dumps({
    "seconds": seconds,
    "cpu_seconds": cpu_seconds,
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "shape": list(df.shape),
    "sum_x0": float(df["x0"].sum()),
    "sums": {str(c): float(df[c].sum()) for c in df.columns if df[c].dtype.kind in "fiub"},
}))

"""Makes notebooks/data/answers.h5, the pandas HDF5 file notebook 04 reads.

Run with Debian's Python (it has pandas and PyTables):  /usr/bin/python3 notebooks/data/make_data.py

A synthetic binary task: four measurements per row and an `answer` (0/1) that depends on them
non-linearly, with some label noise. Two keys, like a real project keeps them: "train" in
table format and "eval" in fixed format, both zlib-compressed.
"""
import os

import numpy as np
import pandas as pd

rng = np.random.default_rng(2024)


def make(n: int) -> pd.DataFrame:
    x = rng.normal(size=(n, 4)).astype("float32")
    score = 1.5 * x[:, 0] - x[:, 1] + 0.8 * x[:, 2] * x[:, 3] + rng.normal(scale=0.5, size=n)
    df = pd.DataFrame(x, columns=["signal", "noise_level", "angle", "speed"])
    df["answer"] = (score > 0).astype("int64")
    return df


here = os.path.dirname(os.path.abspath(__file__))
path = os.path.join(here, "answers.h5")
tmp = path + ".tmp"
make(3000).to_hdf(tmp, key="train", mode="w", format="table", complevel=9, complib="zlib")
make(1000).to_hdf(tmp, key="eval", mode="a", format="fixed", complevel=9, complib="zlib")
os.replace(tmp, path)
print(path, os.path.getsize(path), "bytes")

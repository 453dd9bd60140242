#!/usr/bin/python3
"""Prints, as JSON, what h5py reads from an HDF5 file: the check Hdf5FilesReadByH5pyTests runs on our writer.

    /usr/bin/python3 describe.py FILE.h5

One entry per dataset of the root group: shape, dtype, element_size_um (or null) and sha256 over the values in
C order as little-endian values of the dataset's type.
"""
import hashlib
import json
import sys

import h5py
import numpy as np


def main(path):
    result = {}
    with h5py.File(path, "r") as f:
        for name, dataset in f.items():
            data = dataset[()]
            little = data.astype(data.dtype.newbyteorder("<"), copy=False)
            spacing = dataset.attrs.get("element_size_um")
            result[name] = {
                "shape": list(data.shape),
                "dtype": str(data.dtype.name),
                "element_size_um": None if spacing is None else [float(v) for v in spacing],
                "sha256": hashlib.sha256(np.ascontiguousarray(little).tobytes()).hexdigest(),
            }
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1])

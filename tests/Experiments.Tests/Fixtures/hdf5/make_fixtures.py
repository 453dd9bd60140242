#!/usr/bin/python3
"""Writes the HDF5 fixtures of Hdf5IndependentFilesTests with h5py, an implementation independent of ours.

Run with Debian's Python (apt-get install python3-h5py; PyPI is not needed):

    /usr/bin/python3 tests/Experiments.Tests/Fixtures/hdf5/make_fixtures.py

Datasets are written without timestamps, so running this again gives the same bytes.

pytorch-3dunet's layout: dataset raw (Z, Y, X) or (C, Z, Y, X) with element_size_um = (z, y, x) in µm, optional
dataset label (Z, Y, X). Voxel values follow formulas of (c, z, y, x) that the C# tests compute again
(Hdf5FixtureValues there), so the tests need no Python.
"""
import os

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
Z, Y, X = 4, 5, 6
SPACING_ZYX = (2.0, 0.25, 0.5)


def grid(channels):
    return np.meshgrid(np.arange(channels), np.arange(Z), np.arange(Y), np.arange(X), indexing="ij")


def values(kind, channels=1):
    c, z, y, x = grid(channels)
    if kind == "uint8":
        v = (3 + 5 * x + 7 * y + 29 * z + 101 * c) % 256
    elif kind == "uint16":
        v = (17 + 1009 * x + 3001 * y + 12007 * z + 30011 * c) % 65536
    elif kind == "int16":
        v = (17 + 1009 * x + 3001 * y + 12007 * z + 30011 * c) % 65536 - 32768
    elif kind == "int32":
        v = (17 + 1009 * x + 3001 * y + 12007 * z + 30011 * c) * 997 - 5_000_000
    else:
        # Dyadic fractions: exact in float32.
        v = 0.25 * x - 1.5 * y + 10.125 * z + 100.5 * c - 3
    v = v.astype(kind)
    return v[0] if channels == 1 else v


def labels():
    _, z, y, x = grid(1)
    return ((x + 2 * y + 3 * z) % 3).astype(np.uint8)[0]


def write(name, raw, spacing=SPACING_ZYX, label=None, **raw_options):
    with h5py.File(os.path.join(HERE, name), "w") as f:
        d = f.create_dataset("raw", track_times=False, data=raw, **raw_options)
        if spacing is not None:
            d.attrs["element_size_um"] = np.asarray(spacing, dtype=np.float64)
        if label is not None:
            f.create_dataset("label", track_times=False, data=label, compression="gzip", chunks=(1,) + label.shape[1:])


def main():
    write("uint16_zyx_label.h5", values("uint16"), label=labels())
    with h5py.File(os.path.join(HERE, "float32_czyx_label.h5"), "w") as f:
        d = f.create_dataset("raw", track_times=False, data=values("float32", 2), chunks=(1, 2, Y, X), compression="gzip", shuffle=True)
        d.attrs["element_size_um"] = np.asarray(SPACING_ZYX, dtype=np.float32)
        f.create_dataset("label", track_times=False, data=labels())
    write("uint8_zyx.h5", values("uint8"), spacing=None)
    write("int16_bigendian_zyx.h5", values("int16").astype(">i2"))
    write("int32_zyx.h5", values("int32"))
    write("float64_zyx.h5", values("float64"))

    # Bad input.
    with h5py.File(os.path.join(HERE, "no_raw.h5"), "w") as f:
        f.create_dataset("data", track_times=False, data=values("uint8"))
        f.create_dataset("label", track_times=False, data=labels())
    with h5py.File(os.path.join(HERE, "huge_raw.h5"), "w") as f:
        # 10^12 voxels, none written: the file stays tiny.
        f.create_dataset("raw", track_times=False, shape=(10000, 10000, 10000), dtype="uint16", chunks=(1, 64, 64))
    write("rank2_raw.h5", values("uint8")[0])
    write("lzf_raw.h5", values("uint16"), compression="lzf", chunks=(1, Y, X))
    write("label_shape_mismatch.h5", values("uint16"), label=labels()[:, :, :5])
    write("bad_element_size.h5", values("uint16"), spacing=(2.0, 0.25))
    with_nan = values("float32")
    with_nan[1, 2, 3] = np.nan  # (z, y, x): the first non-finite value, at index 1*30 + 2*6 + 3 = 45
    with_nan[3, 4, 5] = np.inf
    write("nan_raw.h5", with_nan)
    write("complex_raw.h5", values("float32").astype(np.complex64))


if __name__ == "__main__":
    main()

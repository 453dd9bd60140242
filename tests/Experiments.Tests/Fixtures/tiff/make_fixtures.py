#!/usr/bin/python3
"""Writes the TIFF fixtures of TiffIndependentFilesTests with tifffile, an implementation independent of ours.

Run with Debian's Python (apt-get install python3-tifffile; PyPI is not needed):

    /usr/bin/python3 tests/Experiments.Tests/Fixtures/tiff/make_fixtures.py

Voxel values follow formulas of (c, z, y, x) that the C# tests compute again (TiffFixtureValues there), so the
tests need no Python. Spacing: x 0.5, y 0.25, z 2.0 µm unless a fixture says otherwise.
"""
import os

import numpy as np
import tifffile

HERE = os.path.dirname(os.path.abspath(__file__))
Z, Y, X = 4, 5, 6


def values(dtype, channels):
    c, z, y, x = np.meshgrid(np.arange(channels), np.arange(Z), np.arange(Y), np.arange(X), indexing="ij")
    if dtype == np.uint8:
        v = (3 + 5 * x + 7 * y + 29 * z + 101 * c) % 256
    elif dtype == np.uint16:
        v = (17 + 1009 * x + 3001 * y + 12007 * z + 30011 * c) % 65536
    else:
        # Dyadic fractions: exact in float32.
        v = 0.25 * x - 1.5 * y + 10.125 * z + 100.5 * c - 3
    return v.astype(dtype)  # (C, Z, Y, X)


def imagej(name, dtype, channels, unit="um", scale=1.0, byteorder="<"):
    """An ImageJ hyperstack: axes ZCYX, pages in czt order; spacing given in `unit` (scale = units per µm)."""
    data = values(dtype, channels).transpose(1, 0, 2, 3)  # (Z, C, Y, X)
    tifffile.imwrite(
        os.path.join(HERE, name), data, imagej=True, byteorder=byteorder,
        resolution=(1 / (0.5 * scale), 1 / (0.25 * scale)),
        metadata={"spacing": 2.0 * scale, "unit": unit, "axes": "ZCYX"})


def main():
    imagej("uint8_1ch.tif", np.uint8, 1)
    imagej("uint16_2ch.tif", np.uint16, 2)
    # Big-endian, as Fiji writes by default; spacing in nm.
    imagej("float32_3ch_bigendian_nm.tif", np.float32, 3, unit="nm", scale=1000.0, byteorder=">")

    # Plain multi-page stack, no ImageJ metadata, deflate-compressed in strips of 2 rows; resolution in
    # pixels per centimetre: 20000/cm = 0.5 µm, 40000/cm = 0.25 µm. z spacing is unknown (1).
    tifffile.imwrite(os.path.join(HERE, "uint16_plain_deflate.tif"), values(np.uint16, 1)[0],
                     photometric="minisblack", compression="zlib", rowsperstrip=2,
                     resolution=(20000, 40000), resolutionunit="CENTIMETER", metadata=None)

    # RGB pages (SamplesPerPixel 3, interleaved): each sample a channel; one page per z slice.
    rgb = values(np.uint8, 3).transpose(1, 2, 3, 0)  # (Z, Y, X, 3)
    tifffile.imwrite(os.path.join(HERE, "uint8_rgb_pages.tif"), rgb, photometric="rgb", metadata=None)

    # Unsupported: 1-bit pages and float16 samples.
    tifffile.imwrite(os.path.join(HERE, "bilevel_1bit.tif"), values(np.uint8, 1)[0] % 2 == 1,
                     photometric="minisblack", metadata=None)
    tifffile.imwrite(os.path.join(HERE, "float16.tif"), values(np.float32, 1)[0].astype(np.float16),
                     photometric="minisblack", metadata=None)


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Prints, as JSON, what tifffile reads from a TIFF stack: the check TiffFilesReadByTifffileTests runs on our writer.

    /usr/bin/python3 describe.py FILE.tif

shape is (C, Z, Y, X); sha256 is over the voxels in that order as little-endian values of dtype; spacing is (x, y, z)
from XResolution/YResolution (1/pixels per unit) and ImageJ's spacing=, in ImageJ's unit.
"""
import hashlib
import json
import sys

import numpy as np
import tifffile


def main(path):
    with tifffile.TiffFile(path) as tif:
        series = tif.series[0]
        data = series.asarray()
        # Samples per pixel are channels; tifffile calls a plain stack's pages I or Q.
        axes = series.axes.replace("S", "C").replace("I", "Z").replace("Q", "Z")
        for axis in "CZ":
            if axis not in axes:
                data = data[np.newaxis]
                axes = axis + axes
        data = data.transpose([axes.index(a) for a in "CZYX"])
        page = tif.pages[0]
        x_res = page.tags["XResolution"].value
        y_res = page.tags["YResolution"].value
        meta = tif.imagej_metadata or {}
        little = data.astype(data.dtype.newbyteorder("<"), copy=False)
        print(json.dumps({
            "is_imagej": tif.is_imagej,
            "pages": len(tif.pages),
            "shape": list(data.shape),
            "dtype": str(data.dtype.name),
            "spacing": [x_res[1] / x_res[0], y_res[1] / y_res[0], meta.get("spacing", 1.0)],
            "unit": meta.get("unit"),
            "channels": meta.get("channels", 1),
            "slices": meta.get("slices", 1),
            "sha256": hashlib.sha256(np.ascontiguousarray(little).tobytes()).hexdigest(),
        }))


if __name__ == "__main__":
    main(sys.argv[1])

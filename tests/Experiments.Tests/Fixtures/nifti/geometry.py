#!/usr/bin/python3
"""nibabel's view of NIfTI geometry, so that tests compare our outputs with their inputs through an implementation that
is not ours. Run with Debian's Python (apt-get install python3-nibabel).

    geometry.py make PATH UNITS ORIENTATION X Y Z CHANNELS
        Writes a float32 image with nibabel and describes it. UNITS: unknown (nibabel's default, xyzt_units 0),
        mm (with seconds in the time bits, spacing 2 x 2 x 2.2 as in nibabel's example4d.nii.gz), micron or meter.
        ORIENTATION: diagonal (nibabel's defaults: sform code 2, qform code 0) or oblique (rotated about z and x;
        qform code 1 and sform code 2, set from the same matrix).
    geometry.py describe PATH...
        Prints, for each file, what nibabel reads: xyzt units (named and as the stored byte), sform and qform with
        their codes, the affine nibabel prefers, zooms, pixdim, shape, data type and description.
"""
import json
import math
import sys

import nibabel as nib
import numpy as np


def rotation_z(degrees):
    t = math.radians(degrees)
    return np.array([[math.cos(t), -math.sin(t), 0], [math.sin(t), math.cos(t), 0], [0, 0, 1]])


def rotation_x(degrees):
    t = math.radians(degrees)
    return np.array([[1, 0, 0], [0, math.cos(t), -math.sin(t)], [0, math.sin(t), math.cos(t)]])


def matrix(m):
    return None if m is None else [[float(v) for v in row] for row in m]


def make(path, units, orientation, x, y, z, channels):
    spacing = {"unknown": [0.5, 0.75, 2.0], "mm": [2.0, 2.0, 2.2], "micron": [1.76, 1.76, 2.04], "meter": [0.001, 0.001, 0.002]}[units]
    rotation = np.eye(3) if orientation == "diagonal" else rotation_z(25) @ rotation_x(-40)
    affine = np.eye(4)
    affine[:3, :3] = rotation @ np.diag(spacing)
    affine[:3, 3] = [-91.5, 120.25, -33.0]
    shape = (x, y, z) if channels == 1 else (x, y, z, channels)
    data = np.random.default_rng(7).normal(size=shape).astype(np.float32)
    image = nib.Nifti1Image(data, affine)
    if orientation == "oblique":
        image.set_qform(affine, code=1)
        image.set_sform(affine, code=2)
    if units == "mm":
        image.header.set_xyzt_units("mm", "sec")
    elif units != "unknown":
        image.header.set_xyzt_units(units)
    image.header["descrip"] = f"{units} {orientation}".encode("ascii")
    nib.save(image, path)
    return describe(path)


def describe(path):
    image = nib.load(path)
    header = image.header
    sform, sform_code = header.get_sform(coded=True)
    qform, qform_code = header.get_qform(coded=True)
    return {
        "file": path,
        "xyzt_units": list(header.get_xyzt_units()),
        "xyzt_byte": int(header["xyzt_units"]),
        "sform": matrix(sform),
        "sform_code": int(sform_code),
        "qform": matrix(qform),
        "qform_code": int(qform_code),
        "affine": matrix(image.affine),
        "zooms": [float(v) for v in header.get_zooms()],
        "pixdim": [float(v) for v in header["pixdim"]],
        "shape": [int(v) for v in image.shape],
        "dtype": str(header.get_data_dtype()),
        "descrip": header["descrip"].item().decode("ascii"),
    }


def main(arguments):
    if len(arguments) == 8 and arguments[0] == "make":
        print(json.dumps(make(arguments[1], arguments[2], arguments[3], *[int(v) for v in arguments[4:8]])))
    elif len(arguments) >= 2 and arguments[0] == "describe":
        print(json.dumps([describe(path) for path in arguments[1:]]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])

#!/usr/bin/python3
"""Writes the NIfTI fixtures of NiftiIndependentFilesTests with nibabel, an implementation independent of ours.

Run with Debian's Python (apt-get install python3-nibabel; PyPI is not needed):

    /usr/bin/python3 tests/Experiments.Tests/Fixtures/nifti/make_fixtures.py

Each image gets a JSON next to it with what nibabel reads back from the file: shape (x, y, z, channels), datatype
code, byte order, spacing (pixdim[1..3]), the 4x4 affine nibabel prefers (sform, else qform), the description and the
voxel values with scl_slope/scl_inter applied, flattened x fastest, then y, z, channel. The C# tests compare against
these JSON files only, so CI needs no Python.
"""
import json
import math
import os
import struct

import nibabel as nib
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def rotation_z(degrees):
    t = math.radians(degrees)
    return np.array([[math.cos(t), -math.sin(t), 0], [math.sin(t), math.cos(t), 0], [0, 0, 1]])


def rotation_x(degrees):
    t = math.radians(degrees)
    return np.array([[1, 0, 0], [0, math.cos(t), -math.sin(t)], [0, math.sin(t), math.cos(t)]])


def affine(rotation, spacing, offset):
    a = np.eye(4)
    a[:3, :3] = rotation @ np.diag(spacing)
    a[:3, 3] = offset
    return a


def ramp(shape, dtype, start, step):
    count = int(np.prod(shape))
    # Fortran order: x varies fastest, as in the file.
    return (start + step * np.arange(count)).reshape(shape, order="F").astype(dtype)


def save(name, image, description, expect_big_endian=False, expect_scaled=False):
    image.header["descrip"] = description.encode("ascii")
    path = os.path.join(HERE, name)
    nib.save(image, path)

    raw = nib.openers.Opener(path).read(352)
    big = struct.unpack("<i", raw[:4])[0] != 348
    assert big == expect_big_endian, f"{name}: big-endian is {big}, expected {expect_big_endian}"

    loaded = nib.load(path)
    # The header as stored: a loaded image's own header has the scaling moved into its data proxy.
    with nib.openers.Opener(path) as f:
        header = nib.Nifti1Header.from_fileobj(f)
    slope, inter = header.get_slope_inter()
    assert (slope is not None and (slope, inter) != (1.0, 0.0)) == expect_scaled, f"{name}: slope {slope}, inter {inter}"
    data = loaded.get_fdata(dtype=np.float64)
    shape = list(data.shape)
    channels = int(np.prod(shape[3:])) if len(shape) > 3 else 1
    expected = {
        "file": name,
        "shape": shape[:3] + [channels],
        "dim0": int(header["dim"][0]),
        "datatype": int(header["datatype"]),
        "big_endian": big,
        "scl_slope": None if slope is None else float(slope),
        "scl_inter": None if inter is None else float(inter),
        "qform_code": int(header["qform_code"]),
        "sform_code": int(header["sform_code"]),
        "spacing": [float(abs(v)) for v in header["pixdim"][1:4]],
        "affine": header.get_best_affine().tolist(),
        "description": header["descrip"].item().decode("ascii"),
        "values": [float(v) for v in data.flatten(order="F")],
    }
    with open(os.path.join(HERE, name.split(".")[0] + ".json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")
    size = os.path.getsize(path)
    assert size < 50_000, f"{name} is {size} bytes"
    print(f"{name}: {size} bytes, {shape}, datatype {expected['datatype']}, big-endian {big}, "
          f"slope {slope}, inter {inter}, qform {expected['qform_code']}, sform {expected['sform_code']}")


def main():
    diagonal = affine(np.eye(3), [0.5, 0.75, 2.0], [-10.0, 4.5, 30.0])

    # uint8 3D, the full 0..255 range at the ends.
    data = ramp((5, 4, 3), np.float64, 0, 4).clip(0, 255)
    data[0, 0, 0], data[-1, -1, -1] = 0, 255
    save("uint8_3d.nii", nib.Nifti1Image(data.astype(np.uint8), diagonal), "uint8 ramp")

    # int16 with scaling chosen by nibabel itself: the floats span more than int16 holds.
    floats = ramp((5, 4, 3), np.float64, -40000.5, 2171.3)
    image = nib.Nifti1Image(floats, diagonal)
    image.set_data_dtype(np.int16)
    save("int16_scaled_3d.nii.gz", image, "int16 scaled by nibabel", expect_scaled=True)

    # uint16 including 0 and 65535.
    data = ramp((6, 5, 4), np.int64, 0, 547)
    data[0, 0, 0], data[-1, -1, -1] = 0, 65535
    save("uint16_3d.nii", nib.Nifti1Image(data.astype(np.uint16), diagonal), "uint16")

    # int32 with its extremes: 2147483647 is not a float32, so it reads as 2147483648.
    data = ramp((5, 4, 3), np.int64, -123456789, 9876543)
    data[0, 0, 0], data[1, 0, 0], data[-1, -1, -1] = -2147483648, 2147483647, 16777217
    save("int32_3d.nii.gz", nib.Nifti1Image(data.astype(np.int32), diagonal), "int32 extremes")

    # float32, 4D with two channels in dim[4].
    data = np.stack([ramp((6, 5, 4), np.float64, -3.0, 0.37), ramp((6, 5, 4), np.float64, 100.0, -1.13)], axis=3)
    save("float32_4d_2ch.nii.gz", nib.Nifti1Image(data.astype(np.float32), diagonal), "float32 two channels")

    # float64 with values that are not float32 (0.1 steps).
    data = ramp((5, 4, 3), np.float64, -2.0, 0.1)
    data[0, 0, 0] = 1e30
    save("float64_3d.nii", nib.Nifti1Image(data, diagonal), "float64")

    # Big-endian int16 (rotated sform) and float32 (4D): the header and the voxels are byte-swapped.
    rotated = affine(rotation_z(30), [1.5, 1.5, 3.0], [12.0, -7.25, 3.5])
    data = ramp((5, 4, 3), np.int64, -30000, 1013).astype(">i2")
    image = nib.Nifti1Image(data, rotated, nib.Nifti1Header(endianness=">"))
    image.set_data_dtype(np.dtype(">i2"))
    save("int16_bigendian_3d.nii", image, "big-endian int16", expect_big_endian=True)
    data = np.stack([ramp((5, 4, 3), np.float64, 0.5, 0.25), ramp((5, 4, 3), np.float64, -1e-3, 3.3e-4)], axis=3)
    save("float32_bigendian_4d.nii", nib.Nifti1Image(data.astype(">f4"), diagonal, nib.Nifti1Header(endianness=">")),
         "big-endian float32 4D", expect_big_endian=True)

    # Non-diagonal sform: rotations about z and x, anisotropic spacing, an offset.
    oblique = affine(rotation_z(25) @ rotation_x(-40), [0.8, 0.6, 2.5], [-91.5, 120.25, -33.0])
    image = nib.Nifti1Image(ramp((6, 5, 4), np.float32, 0, 0.5), oblique)
    image.set_qform(oblique, code=1)
    save("float32_oblique_sform.nii", image, "oblique sform and qform")

    # qform only (sform_code 0), with a flip: qfac = -1 in pixdim[0].
    flipped = affine(rotation_z(-60) @ rotation_x(20) @ np.diag([1, 1, -1]), [0.9, 1.1, 1.7], [5.0, 6.0, -7.0])
    image = nib.Nifti1Image(ramp((5, 4, 3), np.float32, 7, -0.125), None)
    image.set_qform(flipped, code=1)
    image.set_sform(None, code=0)
    assert image.header["pixdim"][0] == -1
    save("float32_qform_flipped.nii", image, "qform only, qfac -1")

    # The NIfTI "vector" convention: dim[0] = 5, dim[4] = 1, channels in dim[5].
    data = ramp((5, 4, 3, 1, 3), np.float32, 1, 1)
    image = nib.Nifti1Image(data, diagonal)
    image.header.set_intent("vector")
    save("float32_vector_5d.nii.gz", image, "vector of 3")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Loads the lab's exported weights with python/unet3d_lab and compares PyTorch's logits with the lab's.

    compare_logits.py PYTHON_DIR WEIGHTS.safetensors WEIGHTS.pt INPUT.f32 LOGITS.f32 N C Z Y X

INPUT.f32 and LOGITS.f32 are raw little-endian float32 arrays ([N, C, Z, Y, X] and the lab's output). Prints JSON:
the output shape and, for each file, the largest absolute difference and the largest |logit| of the lab.
"""
import json
import sys

import numpy as np
import torch

sys.path.insert(0, sys.argv[1])
from unet3d_lab.load import load_safetensors, load_state_dict, read_safetensors  # noqa: E402

safetensors_path, pt_path, input_path, logits_path = sys.argv[2:6]
shape = [int(v) for v in sys.argv[6:]]
x = torch.from_numpy(np.fromfile(input_path, dtype="<f4").reshape(shape))
expected = np.fromfile(logits_path, dtype="<f4")
metadata = read_safetensors(safetensors_path)[1]
result = {"metadata": metadata}
with torch.no_grad():
    for name, net in (("safetensors", load_safetensors(safetensors_path)), ("pt", load_state_dict(pt_path, metadata))):
        out = net(x).numpy()
        result["shape"] = list(out.shape)
        result[name] = {"maxAbsDifference": float(np.max(np.abs(out.reshape(-1) - expected))) if out.size == expected.size else None,
                        "maxAbsLogit": float(np.max(np.abs(expected)))}
print(json.dumps(result))

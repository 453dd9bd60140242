"""Rebuild a UNet3D.Lab network in PyTorch and load its exported weights.

The lab serves ``GET /api/experiments/{id}/weights.safetensors`` (tensors plus the architecture in the header's
``__metadata__``) and ``weights.pt`` (a plain state dict). The module names below match the lab's TorchSharp
modules (``src/Experiments/Models/UNet.cs``), so the state dict loads with ``strict=True``.

    python3 -m unet3d_lab.load weights.safetensors          # prints the architecture
    net = load_safetensors("weights.safetensors")            # eval mode, ready for net(x)

Input is ``[N, channels, z, y, x]`` (``[N, channels, y, x]`` for the 2D network), each channel standardised to mean
0 and standard deviation 1 as the lab does; valid convolutions make the output smaller than the input.
"""
import json
import struct
import sys
from collections import OrderedDict

import torch
from torch import nn

_DTYPES = {"F32": torch.float32, "F64": torch.float64, "I64": torch.int64, "I32": torch.int32, "U8": torch.uint8}


class _DoubleConvolution(nn.Module):
    def __init__(self, ops, in_channels, middle, out_channels, batch_norm):
        super().__init__()
        layers = [("conv1", ops["conv"](in_channels, middle, 3))]
        if batch_norm:
            layers.append(("bn1", ops["bn"](middle)))
        layers += [("relu1", nn.ReLU(inplace=True)), ("conv2", ops["conv"](middle, out_channels, 3))]
        if batch_norm:
            layers.append(("bn2", ops["bn"](out_channels)))
        layers.append(("relu2", nn.ReLU(inplace=True)))
        self.layers = nn.Sequential(OrderedDict(layers))

    def forward(self, x):
        return self.layers(x)


class UNet(nn.Module):
    """Çiçek et al. 2016: valid convolutions, channels doubled before pooling, bias-free up-convolutions."""

    def __init__(self, spatial_dimensions, input_channels, classes, base_channels, levels, batch_norm):
        super().__init__()
        if spatial_dimensions not in (2, 3):
            raise ValueError(f"spatialDimensions must be 2 or 3, not {spatial_dimensions}")
        three = spatial_dimensions == 3
        ops = {
            "conv": nn.Conv3d if three else nn.Conv2d,
            "up": (lambda c: nn.ConvTranspose3d(c, c, 2, stride=2, bias=False)) if three
            else (lambda c: nn.ConvTranspose2d(c, c, 2, stride=2, bias=False)),
            "bn": nn.BatchNorm3d if three else nn.BatchNorm2d,
        }
        analysis_channels = lambda level: base_channels << (level + 1)
        self.levels = levels
        self.analysis = nn.ModuleList(
            _DoubleConvolution(ops, input_channels if level == 0 else analysis_channels(level - 1),
                               base_channels << level, analysis_channels(level), batch_norm)
            for level in range(levels))
        self.upConvolutions = nn.ModuleList(ops["up"](analysis_channels(level + 1)) for level in range(levels - 1))
        self.synthesis = nn.ModuleList(
            _DoubleConvolution(ops, analysis_channels(level) + analysis_channels(level + 1),
                               analysis_channels(level), analysis_channels(level), batch_norm)
            for level in range(levels - 1))
        self.pool = nn.MaxPool3d(2, 2) if three else nn.MaxPool2d(2, 2)
        self.head = ops["conv"](analysis_channels(0), classes, 1)

    @staticmethod
    def from_metadata(metadata):
        """The network the lab's metadata describes (keys as in the safetensors header's __metadata__)."""
        return UNet(int(metadata["spatialDimensions"]), int(metadata["inputChannels"]), int(metadata["classes"]),
                    int(metadata["baseChannels"]), int(metadata["levels"]),
                    str(metadata["batchNorm"]).lower() == "true")

    def forward(self, x):
        skips = []
        for level in range(self.levels):
            x = self.analysis[level](x)
            if level == self.levels - 1:
                break
            skips.append(x)
            x = self.pool(x)
        for level in range(self.levels - 2, -1, -1):
            up = self.upConvolutions[level](x)
            skip = skips[level]
            for axis in range(2, skip.dim()):
                excess = skip.shape[axis] - up.shape[axis]
                skip = skip.narrow(axis, excess // 2, up.shape[axis])
            x = self.synthesis[level](torch.cat([skip, up], 1))
        return self.head(x)


def read_safetensors(path):
    """(tensors, metadata) of a safetensors file: 8-byte little-endian header length, JSON header, raw tensors."""
    with open(path, "rb") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(length))
        payload = f.read()
    metadata = header.pop("__metadata__", {})
    tensors = OrderedDict()
    for name, entry in header.items():
        start, end = entry["data_offsets"]
        dtype = _DTYPES[entry["dtype"]]
        tensors[name] = torch.frombuffer(bytearray(payload[start:end]), dtype=dtype).reshape(entry["shape"]).clone()
    return tensors, metadata


def load_safetensors(path):
    """The lab's network with the file's weights, in eval mode (BatchNorm uses its running statistics)."""
    tensors, metadata = read_safetensors(path)
    net = UNet.from_metadata(metadata)
    net.load_state_dict(tensors, strict=True)
    return net.eval()


def load_state_dict(path, metadata):
    """The network for ``metadata`` with the weights of a ``weights.pt`` state dict, in eval mode."""
    net = UNet.from_metadata(metadata)
    net.load_state_dict(torch.load(path, map_location="cpu", weights_only=True), strict=True)
    return net.eval()


if __name__ == "__main__":
    print(json.dumps(read_safetensors(sys.argv[1])[1], indent=2))

"""Load UNet3D.Lab networks in PyTorch (see load.py)."""
from .load import UNet, load_safetensors, load_state_dict

__all__ = ["UNet", "load_safetensors", "load_state_dict"]

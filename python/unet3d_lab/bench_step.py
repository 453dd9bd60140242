"""Time one training step of a UNet3D.Lab network in PyTorch, for ``bench compare``.

The step is the lab's: forward, the weighted softmax cross-entropy over labelled voxels (class weights 1, label 3
unlabelled), backward, optimiser step; input and labels are random. With --precision bf16 or fp16 the forward pass
runs under torch.autocast (the loss in float32) and fp16 scales the loss with a GradScaler; on CUDA the network and
its input are channels-last. Prints one JSON line.

    python3 -m unet3d_lab.bench_step --base 8 --levels 2 --tile 36 36 36 --optimizer adam --steps 5
    python3 -m unet3d_lab.bench_step --base 32 --levels 4 --tile 116 132 132 --optimizer sgd --device cuda --precision bf16
"""
import argparse
import contextlib
import json
import statistics
import time

import torch
import torch.nn.functional as F

from .load import UNet


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dimensions", type=int, default=3, choices=(2, 3))
    parser.add_argument("--channels", type=int, default=3)
    parser.add_argument("--classes", type=int, default=3)
    parser.add_argument("--base", type=int, required=True)
    parser.add_argument("--levels", type=int, required=True)
    parser.add_argument("--no-batch-norm", action="store_true")
    parser.add_argument("--tile", type=int, nargs="+", required=True, help="input tile, z y x (y x in 2D)")
    parser.add_argument("--optimizer", choices=("sgd", "adam"), required=True)
    parser.add_argument("--learning-rate", type=float, default=1e-3)
    parser.add_argument("--momentum", type=float, default=0.99)
    parser.add_argument("--steps", type=int, default=5, help="timed steps, after one warm-up step")
    parser.add_argument("--threads", type=int, default=0, help="intra-op threads (0: PyTorch's default)")
    parser.add_argument("--device", default="cpu", help="cpu, cuda or cuda:N")
    parser.add_argument("--precision", choices=("fp32", "bf16", "fp16"), default="fp32")
    args = parser.parse_args()
    if len(args.tile) != args.dimensions:
        parser.error(f"--tile needs {args.dimensions} sizes, got {len(args.tile)}")
    if args.threads > 0:
        torch.set_num_threads(args.threads)

    device = torch.device(args.device)
    low = {"fp32": None, "bf16": torch.bfloat16, "fp16": torch.float16}[args.precision]

    torch.manual_seed(1)
    net = UNet(args.dimensions, args.channels, args.classes, args.base, args.levels, not args.no_batch_norm).to(device).train()
    image = torch.randn(1, args.channels, *args.tile, device=device)
    if device.type == "cuda":
        layout = torch.channels_last_3d if args.dimensions == 3 else torch.channels_last
        net = net.to(memory_format=layout)
        image = image.contiguous(memory_format=layout)
    optimiser = (torch.optim.SGD(net.parameters(), lr=args.learning_rate, momentum=args.momentum) if args.optimizer == "sgd"
                 else torch.optim.Adam(net.parameters(), lr=args.learning_rate))
    with torch.no_grad():
        output_shape = net(image).shape[2:]
    labels = torch.randint(0, args.classes + 1, (1, *output_shape), device=device)
    weights = torch.ones(args.classes, device=device)
    scaler = None
    if args.precision == "fp16":
        scaler = torch.amp.GradScaler(device.type) if hasattr(torch.amp, "GradScaler") else torch.cuda.amp.GradScaler()

    def step():
        optimiser.zero_grad()
        with torch.autocast(device_type=device.type, dtype=low) if low is not None else contextlib.nullcontext():
            scores = net(image)
        loss = F.cross_entropy(scores.float(), labels, weight=weights, ignore_index=args.classes)
        if scaler is None:
            loss.backward()
            optimiser.step()
        else:
            scaler.scale(loss).backward()
            scaler.step(optimiser)
            scaler.update()
        return loss.item()  # waits for the device

    step()
    times = []
    for _ in range(args.steps):
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1000)
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "device": str(device), "precision": args.precision,
                      "msPerStep": statistics.median(times),
                      "times": times, "output": list(output_shape)}))


if __name__ == "__main__":
    main()

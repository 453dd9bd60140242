"""Time one training step of a UNet3D.Lab network in PyTorch, for ``bench compare``.

The step is the lab's: forward, the weighted softmax cross-entropy over labelled voxels (class weights 1, label 3
unlabelled), backward, optimiser step; input and labels are random. Prints one JSON line.

    python3 -m unet3d_lab.bench_step --base 8 --levels 2 --tile 36 36 36 --optimizer adam --steps 5
"""
import argparse
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
    args = parser.parse_args()
    if len(args.tile) != args.dimensions:
        parser.error(f"--tile needs {args.dimensions} sizes, got {len(args.tile)}")
    if args.threads > 0:
        torch.set_num_threads(args.threads)

    torch.manual_seed(1)
    net = UNet(args.dimensions, args.channels, args.classes, args.base, args.levels, not args.no_batch_norm).train()
    optimiser = (torch.optim.SGD(net.parameters(), lr=args.learning_rate, momentum=args.momentum) if args.optimizer == "sgd"
                 else torch.optim.Adam(net.parameters(), lr=args.learning_rate))
    image = torch.randn(1, args.channels, *args.tile)
    with torch.no_grad():
        output_shape = net(image).shape[2:]
    labels = torch.randint(0, args.classes + 1, (1, *output_shape))
    weights = torch.ones(args.classes)

    def step():
        optimiser.zero_grad()
        loss = F.cross_entropy(net(image), labels, weight=weights, ignore_index=args.classes)
        loss.backward()
        optimiser.step()
        return loss.item()

    step()
    times = []
    for _ in range(args.steps):
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1000)
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "msPerStep": statistics.median(times),
                      "times": times, "output": list(output_shape)}))


if __name__ == "__main__":
    main()

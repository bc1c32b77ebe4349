#!/usr/bin/env python3
"""Cross-check of airgrid's MLP forward pass with PyTorch.

Usage: mlp_forward.py MODEL.json INPUTS.csv OUTPUTS.csv [MODEL.json INPUTS.csv OUTPUTS.csv ...]

Builds a torch.nn.Sequential of float64 nn.Linear layers from an airgrid MLP model file
(docs/formats.md), computes the features of each input row (p,q,r, no header)
with torch, standardises them with the model's statistics and writes one output per line
('%.17g'). Exit code 3 (with a message) when torch cannot be imported, so the C++ test skips.
"""
import json
import sys

try:
    import torch
except Exception as e:  # ImportError, or a broken install
    print(f"torch unavailable: {e}", file=sys.stderr)
    sys.exit(3)


def feature(name, p, q, r):
    if name == "log10p":
        return torch.log10(1.0 + torch.clamp(p, min=0.0))
    if name == "log10q":
        return torch.log10(1.0 + torch.clamp(q, min=0.0))
    if name == "log10r":
        return torch.log10(1.0 + torch.clamp(r, min=0.0))
    if name == "q":
        return q
    if name == "log10area":
        return torch.log10(1.0 + torch.clamp(p * q, min=0.0))
    raise ValueError(f"unknown feature {name}")


def activation(name):
    return {"identity": torch.nn.Identity(), "tanh": torch.nn.Tanh(), "relu": torch.nn.ReLU()}[name]


def run(model_path, inputs_path, outputs_path):
    with open(model_path) as f:
        m = json.load(f)
    rows = []
    with open(inputs_path) as f:
        for line in f:
            if line.strip():
                rows.append([float(x) for x in line.split(",")])
    t = torch.tensor(rows, dtype=torch.float64)
    p, q, r = t[:, 0], t[:, 1], t[:, 2]
    x = torch.stack([feature(n, p, q, r) for n in m["features"]], dim=1)
    mean = torch.tensor(m["standardisation"]["mean"], dtype=torch.float64)
    std = torch.tensor(m["standardisation"]["std"], dtype=torch.float64)
    x = (x - mean) / std
    layers = []
    for layer in m["layers"]:
        lin = torch.nn.Linear(layer["in"], layer["out"]).double()
        with torch.no_grad():
            lin.weight.copy_(torch.tensor(layer["weight"], dtype=torch.float64))
            lin.bias.copy_(torch.tensor(layer["bias"], dtype=torch.float64))
        layers += [lin, activation(layer["activation"])]
    net = torch.nn.Sequential(*layers)
    with torch.no_grad():
        y = net(x)[:, 0]
    with open(outputs_path, "w") as f:
        for v in y.tolist():
            f.write("%.17g\n" % v)


def main():
    args = sys.argv[1:]
    if not args or len(args) % 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    for i in range(0, len(args), 3):  # one torch import for several models
        run(*args[i:i + 3])


if __name__ == "__main__":
    main()

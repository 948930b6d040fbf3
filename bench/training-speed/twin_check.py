#!/usr/bin/env python3
"""Runs the PyTorch twin with the weights of a model directory's exported networks, for PyTorchTwinTest.

Loads encoder.onnx and decoder.onnx with the onnx package, copies their float initializers into the twin's parameters
in order (the exporter writes them layer by layer, as the twin declares them; Gemm's [in, out] matrices transposed to
nn.Linear's [out, in]), refusing any count or shape that differs, then reads {"x", "c", "z"} (lists of rows) as JSON
on stdin and prints {"mu", "logvar", "x_hat"} as JSON. The test runs ONNX Runtime on the same files and inputs: equal
outputs mean the twin has the trainer's layers, activations and layouts exactly.

    twin_check.py --model DIR --arch mlp|conv < inputs.json
"""
import argparse
import json
import os
import sys

import numpy as np
import onnx
from onnx import numpy_helper
import torch

sys.dont_write_bytecode = True  # no __pycache__ beside the sources
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cvae_twin  # noqa: E402


def load_weights(module, path):
    values = [numpy_helper.to_array(t) for t in onnx.load(path).graph.initializer
              if t.data_type == onnx.TensorProto.FLOAT]
    params = list(module.parameters())
    if len(values) != len(params):
        sys.exit(f"{path}: {len(values)} weight tensors, but the twin's {type(module).__name__} has {len(params)} parameters")
    with torch.no_grad():
        for i, (param, value) in enumerate(zip(params, values)):
            if value.ndim == 2:
                value = value.T
            if tuple(value.shape) != tuple(param.shape):
                sys.exit(f"{path}: weight tensor {i} has shape {tuple(value.shape)}, the twin's parameter {tuple(param.shape)}")
            param.copy_(torch.from_numpy(np.array(value, dtype=np.float32, copy=True)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, help="a model directory with encoder.onnx and decoder.onnx")
    parser.add_argument("--arch", choices=["mlp", "conv"], required=True)
    args = parser.parse_args()
    model = cvae_twin.Cvae(args.arch == "conv")
    load_weights(model.encoder, os.path.join(args.model, "encoder.onnx"))
    load_weights(model.decoder, os.path.join(args.model, "decoder.onnx"))
    inputs = {k: torch.tensor(v, dtype=torch.float32) for k, v in json.load(sys.stdin).items()}
    with torch.no_grad():
        mu, logvar = model.encoder(inputs["x"], inputs["c"])
        x_hat = torch.sigmoid(model.decoder(inputs["z"], inputs["c"]))
    json.dump({"mu": mu.tolist(), "logvar": logvar.tolist(), "x_hat": x_hat.tolist()}, sys.stdout)


if __name__ == "__main__":
    main()

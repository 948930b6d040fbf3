#!/usr/bin/env python3
"""Prints the docs/training-results.md section of a model directory, from its model.json.

Usage: scripts/model-section.py models/NAME
"""
import json
import sys
from pathlib import Path

model = Path(sys.argv[1])
m = json.loads((model / "model.json").read_text())
ev = m["evaluation"]
arch = m["architecture"]
print(f"### {m['name']}\n")
print(f"`{m['training']['command']}`\n")
desc = f"{arch['type']}, latent {m['latentDim']}"
if arch.get("convChannels"):
    desc += f", conv channels {arch['convChannels']}"
desc += f", hidden {arch['encoderHidden']} / {arch['decoderHidden']}"
tr = m["training"]
desc += f"; Adam at {tr['learningRate']:g}"
if tr.get("learningRateSchedule", "constant") != "constant":
    desc += f" ({tr['learningRateSchedule']} decay to 0)"
desc += f", batch {tr['batchSize']}"
epoch = ev.get("epoch") or m["metrics"][-1]["epoch"]
line = f"Architecture: {desc}. Test negative ELBO {ev['testNegElbo']:.2f} nats (epoch {epoch})"
ob = ev.get("labelObedience")
if ob:
    line += (f"; {100 * ob['overall']:.1f}% of {ob['samplesPerLabel']} samples per label show the requested label "
             f"(LeNet judge, test accuracy {100 * ob['classifierTestAccuracy']:.1f}%)")
line += f"; training took {tr['seconds'] / 60:.0f} min. Report: [`models/{model.name}/report/`](../models/{model.name}/report/index.html)."
print(line + "\n")
if ob:
    labels = list(ob["perLabel"])
    print("| label | " + " | ".join(labels) + " |")
    print("|---|" + "---|" * len(labels))
    print("| obeys | " + " | ".join(f"{v:.3f}" for v in ob["perLabel"].values()) + " |\n")
print("| epoch | train rec | train KL | test rec | test KL | test -ELBO | seconds |")
print("|---:|---:|---:|---:|---:|---:|---:|")
for e in m["metrics"]:
    print(f"| {e['epoch']} | {e['trainRec']:.2f} | {e['trainKl']:.2f} | {e['testRec']:.2f} | {e['testKl']:.2f} | "
          f"{e['testNegElbo']:.2f} | {e['seconds']:.1f} |")

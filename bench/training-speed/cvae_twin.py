#!/usr/bin/env python3
"""PyTorch twin of the trainer's CVAE, for timing only (bench/training-speed.sh).

Same layers, objective, batch size and optimiser as dev.cvae.trainer.model.CvaeGraph and train.CvaeTrainer:

  mlp:  encoder concat(x, c) -> 512 -> 256 (ReLU) -> mu, logvar (8 each);
        decoder concat(z, c) -> 256 -> 512 (ReLU) -> 784 pixel logits; batch 128
  conv: encoder x as [1, 28, 28] -> conv 4x4/2 32 -> conv 4x4/2 64 (ReLU) -> flatten, concat c -> 256 -> heads;
        decoder concat(z, c) -> 256 -> 64*7*7 (ReLU) -> deconv 4x4/2 32 (ReLU) -> deconv 4x4/2 1; batch 64

  loss = rec + kl_weight * kl + 3 * aux, with rec the Bernoulli NLL from logits summed over pixels and averaged
  over the batch, kl the Gaussian KL summed over latent dimensions and averaged, and aux the cross-entropy of a
  frozen mlp-256 classifier (784 -> 256 ReLU -> 10) asked to recognise c_sample in sigmoid(decoder(z_sample,
  c_sample)), z_sample ~ N(0, I), c_sample a uniformly drawn one-hot label. Adam, lr 1e-3.

After every epoch, like the trainer, a forward-only loss pass over the first 10,000 training images and the test
split in batches of 500. Prints one RESULT JSON line per epoch: train_s is the training loop (shuffle, batching,
forward, backward, Adam), eval_s the loss pass; the _cpu_s
fields are the process's CPU seconds (all threads) over the same spans. Reads the IDX files itself (gzip or plain).
"""
import argparse
import gzip
import json
import os
import struct
import sys
import time

import numpy as np
import torch
from torch import nn
import torch.nn.functional as F

EVAL_BATCH = 500
TRAIN_METRICS_LIMIT = 10_000
CLASSES = 10
LATENT = 8


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    magic, = struct.unpack(">I", raw[:4])
    dims = magic & 0xFF
    shape = struct.unpack(">" + "I" * dims, raw[4:4 + 4 * dims])
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def find(directory, split, kind):
    for name in sorted(os.listdir(directory)):
        if name.startswith(split + "-" + kind) and (name.endswith("-ubyte") or name.endswith("-ubyte.gz")):
            return os.path.join(directory, name)
    sys.exit(f"{directory}: no {split}-{kind}-*-ubyte[.gz] file")


def load(directory, split):
    images = read_idx(find(directory, split, "images"))
    labels = read_idx(find(directory, split, "labels"))
    x = torch.from_numpy(images.reshape(len(images), -1).astype(np.float32) / 255.0)
    return x, torch.from_numpy(labels.astype(np.int64))


def mlp(sizes, last_activation):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2 or last_activation:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


class Encoder(nn.Module):
    def __init__(self, conv):
        super().__init__()
        if conv:
            self.stem = nn.Sequential(nn.Unflatten(1, (1, 28, 28)),
                                      nn.Conv2d(1, 32, 4, 2, 1), nn.ReLU(),
                                      nn.Conv2d(32, 64, 4, 2, 1), nn.ReLU(), nn.Flatten())
            self.trunk = mlp([64 * 7 * 7 + CLASSES, 256], True)
        else:
            self.stem = nn.Identity()
            self.trunk = mlp([784 + CLASSES, 512, 256], True)
        self.mu = nn.Linear(256, LATENT)
        self.logvar = nn.Linear(256, LATENT)

    def forward(self, x, c):
        h = self.trunk(torch.cat([self.stem(x), c], 1))
        return self.mu(h), self.logvar(h)


class Decoder(nn.Module):
    def __init__(self, conv):
        super().__init__()
        if conv:
            self.net = nn.Sequential(mlp([LATENT + CLASSES, 256, 64 * 7 * 7], True), nn.Unflatten(1, (64, 7, 7)),
                                     nn.ConvTranspose2d(64, 32, 4, 2, 1), nn.ReLU(),
                                     nn.ConvTranspose2d(32, 1, 4, 2, 1), nn.Flatten())
        else:
            self.net = mlp([LATENT + CLASSES, 256, 512, 784], False)

    def forward(self, z, c):
        return self.net(torch.cat([z, c], 1))


class Cvae(nn.Module):
    def __init__(self, conv):
        super().__init__()
        self.encoder = Encoder(conv)
        self.decoder = Decoder(conv)
        self.classifier = mlp([784, 256, CLASSES], False)
        self.classifier.requires_grad_(False)

    def losses(self, x, c, eps):
        mu, logvar = self.encoder(x, c)
        z = mu + torch.exp(0.5 * logvar) * eps
        logits = self.decoder(z, c)
        rec = F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(1).mean()
        kl = -0.5 * (1 + logvar - mu * mu - torch.exp(logvar)).sum(1).mean()
        return rec, kl

    def loss(self, x, c, eps, z_sample, c_sample, aux_target, kl_weight=1.0, aux_weight=3.0):
        rec, kl = self.losses(x, c, eps)
        x_sample = torch.sigmoid(self.decoder(z_sample, c_sample))
        aux = F.cross_entropy(self.classifier(x_sample), aux_target)
        return rec + kl_weight * kl + aux_weight * aux


def one_hot(labels):
    return F.one_hot(labels, CLASSES).float()


def train_epoch(model, optimizer, x, y, batch, generator):
    order = torch.randperm(len(x), generator=generator)
    for start in range(0, len(x), batch):
        idx = order[start:start + batch]
        n = len(idx)
        xb, cb = x[idx], one_hot(y[idx])
        eps = torch.randn(n, LATENT, generator=generator)
        z_sample = torch.randn(n, LATENT, generator=generator)
        labels = torch.randint(CLASSES, (n,), generator=generator)
        optimizer.zero_grad(set_to_none=True)
        model.loss(xb, cb, eps, z_sample, one_hot(labels), labels).backward()
        optimizer.step()


@torch.no_grad()
def evaluate(model, x, y, seed):
    generator = torch.Generator().manual_seed(seed)
    rec = kl = 0.0
    for start in range(0, len(x), EVAL_BATCH):
        xb, yb = x[start:start + EVAL_BATCH], y[start:start + EVAL_BATCH]
        r, k = model.losses(xb, one_hot(yb), torch.randn(len(xb), LATENT, generator=generator))
        rec += r.item() * len(xb)
        kl += k.item() * len(xb)
    return rec / len(x), kl / len(x)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True)
    parser.add_argument("--arch", choices=["mlp", "conv"], default="mlp")
    parser.add_argument("--images", type=int, default=20_000, help="train on the first N training images")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--batch", type=int, default=0, help="default: 128 for mlp, 64 for conv")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(42)
    batch = args.batch or (64 if args.arch == "conv" else 128)

    load_start = time.perf_counter()
    x_train, y_train = load(args.data, "train")
    x_test, y_test = load(args.data, "t10k")
    load_s = time.perf_counter() - load_start
    x_train, y_train = x_train[:args.images], y_train[:args.images]
    probe_x, probe_y = x_train[:TRAIN_METRICS_LIMIT], y_train[:TRAIN_METRICS_LIMIT]

    model = Cvae(args.arch == "conv")
    optimizer = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=1e-3)
    generator = torch.Generator().manual_seed(42)
    for epoch in range(1, args.epochs + 1):
        start, start_cpu = time.perf_counter(), time.process_time()
        model.train()
        train_epoch(model, optimizer, x_train, y_train, batch, generator)
        train_s, train_cpu_s = time.perf_counter() - start, time.process_time() - start_cpu
        start, start_cpu = time.perf_counter(), time.process_time()
        model.eval()
        evaluate(model, probe_x, probe_y, 7)
        test_rec, test_kl = evaluate(model, x_test, y_test, 7)
        eval_s, eval_cpu_s = time.perf_counter() - start, time.process_time() - start_cpu
        print("RESULT " + json.dumps({
            "framework": "pytorch", "arch": args.arch, "batch": batch, "images": len(x_train), "epoch": epoch,
            "train_s": round(train_s, 3), "train_cpu_s": round(train_cpu_s, 3),
            "eval_s": round(eval_s, 3), "eval_cpu_s": round(eval_cpu_s, 3), "eval_images": len(probe_x) + len(x_test),
            "load_s": round(load_s, 3), "test_neg_elbo": round(test_rec + test_kl, 3),
            "threads": torch.get_num_threads(), "torch": torch.__version__}), flush=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes one section of docs/training-speed.md from the JSON lines that bench/training-speed.sh collects.

The section lies between the lines <!-- begin NAME --> and <!-- end NAME --> of the page and is replaced on every run;
the text around it is kept, so that the page's prose and the sections of other runs (--section) survive. A page or a
section that does not exist yet is added at the end.

Every line is one epoch of one run: variant, round, arch, images, epoch, train_s (the training loop), train_cpu_s,
eval_s (the loss pass after it), eval_cpu_s, load averages. Epoch 1 of every run is a warm-up and is left out. The
training seconds are scaled to a 60,000-image epoch; the loss pass covers the same 20,000 images whatever the slice
(the first 10,000 training images and the 10,000 test images), so it is quoted as measured.
"""
import argparse
import collections
import json
import os
import platform
import statistics
import subprocess

EPOCH_IMAGES = 60_000

DESCRIPTIONS = {
    "dl4j": "DL4J: `CvaeTrainer` with bin/cvae-train's settings",
    "dl4j-spin": "DL4J, OpenMP's default wait policy (threads spin)",
    "dl4j-1thread": "DL4J, `OMP_NUM_THREADS=1`",
    "dl4j-no-onednn": "DL4J, oneDNN off (`SD_FORBID_HELPERS=1`)",
    "pytorch": "PyTorch as installed (Debian's reference BLAS)",
    "pytorch-openblas": "PyTorch with nd4j's OpenBLAS 0.3.19",
    "pytorch-spin": "PyTorch with OpenBLAS, OpenMP's default wait policy",
}


def describe(variant):
    name, _, batch = variant.partition("@")
    text = DESCRIPTIONS.get(name, name)
    return f"{text}, batch {batch}" if batch else text


def median(values):
    return statistics.median(values) if values else float("nan")


def fmt(value, digits=1):
    return "n/a" if value != value else f"{value:.{digits}f}"


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def versions():
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()
    try:
        import torch
        torch_version = torch.__version__
    except ImportError:
        torch_version = "not installed"
    return (java[0] if java else "unknown"), torch_version


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--started", required=True)
    parser.add_argument("--command", required=True)
    parser.add_argument("--launcher-env", default="")
    parser.add_argument("--nd4j", default="")
    parser.add_argument("--section", default="comparison", help="the name of the section to write")
    args = parser.parse_args()

    with open(args.results) as f:
        rows = [json.loads(line) for line in f if line.strip()]
    rows = [r for r in rows if r["epoch"] > 1]
    arches = list(dict.fromkeys(r["arch"] for r in rows))
    variants = list(dict.fromkeys(r["variant"] for r in rows))
    loads = [r[k] for r in rows for k in ("load_before", "load_after")]
    java, torch_version = versions()

    lines = [
        f"<!-- written by bench/training-speed.sh --section {args.section}; rerun it rather than editing -->",
        f"- Started {args.started}; command: `{args.command}`",
        f"- Machine: {os.cpu_count()} cores, {cpu_model()}; load average {fmt(min(loads))}-{fmt(max(loads))} during the runs",
        f"- {java}; {args.nd4j}; PyTorch {torch_version}",
        f"- bin/cvae-train's environment: `{args.launcher_env.strip() or '(none)'}`; every variant ran with the thread",
        "  count of the command and, unless its name says otherwise, the same `OMP_WAIT_POLICY`",
    ]
    for arch in arches:
        arch_rows = [r for r in rows if r["arch"] == arch]
        images = sorted({r["images"] for r in arch_rows})
        batch = sorted({r["batch"] for r in arch_rows})
        lines += ["", f"**{arch}** (batch {', '.join(map(str, batch))}, slices of {', '.join(f'{i:,}' for i in images)} images):", ""]
        per = collections.defaultdict(dict)  # variant -> round -> scaled train seconds (mean over counted epochs)
        for v in variants:
            for rnd in sorted({r["round"] for r in arch_rows}):
                runs = [r for r in arch_rows if r["variant"] == v and r["round"] == rnd]
                if runs:
                    per[v][rnd] = statistics.mean(r["train_s"] * EPOCH_IMAGES / r["images"] for r in runs)
        reference = "dl4j" if "dl4j" in per else variants[0]
        lines += [f"| variant | training s / 60,000 images | CPU s | loss pass s | CPU s | runs | training time / {reference}'s |",
                  "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for v in variants:
            vr = [r for r in arch_rows if r["variant"] == v]
            if not vr:
                continue
            train = median(list(per[v].values()))
            train_cpu = median([r["train_cpu_s"] * EPOCH_IMAGES / r["images"] for r in vr if r.get("train_cpu_s") is not None])
            evals = median([r["eval_s"] for r in vr if r.get("eval_s") is not None])
            eval_cpu = median([r["eval_cpu_s"] for r in vr if r.get("eval_cpu_s") is not None])
            ratios = [per[v][rnd] / per[reference][rnd] for rnd in per[v] if rnd in per[reference]]
            spread = f" ({fmt(min(ratios), 2)}-{fmt(max(ratios), 2)})" if len(ratios) > 1 else ""
            ratio = "1" if v == reference else fmt(median(ratios), 2) + spread
            lines.append(f"| {describe(v)} | {fmt(train)} | {fmt(train_cpu)} | {fmt(evals, 2)} | {fmt(eval_cpu, 2)} "
                         f"| {len(per[v])} | {ratio} |")
    write_section(args.out, args.section, lines)


def write_section(path, name, lines):
    begin, end = f"<!-- begin {name} -->", f"<!-- end {name} -->"
    block = "\n".join([begin] + lines + [end])
    text = open(path).read() if os.path.exists(path) else "# Training speed\n"
    if begin in text and end in text:
        text = text[:text.index(begin)] + block + text[text.index(end) + len(end):]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    with open(path, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()

"""A Python client of cvae.v1.CvaeService, using only Debian's python3-grpcio and python3-protobuf.

It lists the served models, writes a grid of generated images of one label to a PNG file, and runs one
bidirectional Stream: a generate and a request with a label the model does not have, then, once both are
answered on the still open stream, an encode of the generated image and an interpolation. It checks that
every request id gets exactly one answer and that only the bad request fails (INVALID_ARGUMENT), and exits
non-zero otherwise.

Stubs first: ./generate-stubs.sh. Run with Debian's Python: /usr/bin/python3 cvae_example.py --target HOST:PORT
"""
import argparse
import math
import os
import queue
import struct
import sys
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "gen"))

import grpc  # noqa: E402
from cvae.v1 import cvae_pb2, cvae_pb2_grpc  # noqa: E402

RAW = cvae_pb2.IMAGE_FORMAT_RAW_FLOAT32
INVALID_ARGUMENT = grpc.StatusCode.INVALID_ARGUMENT.value[0]
BAD_LABEL = "no-such-label"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", default="localhost:50051", help="server address (default %(default)s)")
    parser.add_argument("--model", default="", help="model name (default: the server's default model)")
    parser.add_argument("--label", default="3", help="label name to generate (default %(default)s)")
    parser.add_argument("--count", type=int, default=16, help="images in the grid (default %(default)s)")
    parser.add_argument("--out", default="grid.png", help="PNG file for the grid (default %(default)s)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds per call (default %(default)s)")
    args = parser.parse_args()
    if args.count < 1:
        parser.error(f"--count must be at least 1, got {args.count}")

    with grpc.insecure_channel(args.target) as channel:
        stub = cvae_pb2_grpc.CvaeServiceStub(channel)
        try:
            list_models(stub, args.timeout)
            write_grid(stub, args)
            problems = run_stream(stub, args)
        except grpc.RpcError as e:
            print(f"error: {e.code().name}: {e.details()}", file=sys.stderr)
            return 1
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    return 1 if problems else 0


def list_models(stub, timeout):
    models = stub.ListModels(cvae_pb2.ListModelsRequest(), timeout=timeout)
    print("models:")
    for m in models.models:
        default = " (default)" if m.name == models.default_model else ""
        print(f"  {m.name} version {m.version} labels {','.join(m.label_names)}{default}")


def write_grid(stub, args):
    response = stub.Generate(cvae_pb2.GenerateRequest(
        model=args.model, condition=cvae_pb2.Condition(label_name=args.label), count=args.count, seed=1,
        format=RAW), timeout=args.timeout)
    images = [g.image for g in response.images]
    width, height = write_png_grid(args.out, images)
    print(f"grid: {len(images)} images of label {args.label} from {response.model} version "
          f"{response.model_version} seed {response.seed} -> {args.out} ({width}x{height})")


def run_stream(stub, args):
    """One Stream call; returns a list of what went wrong (empty when all is well)."""
    requests = queue.Queue()
    model, label = args.model, args.label

    def condition(name):
        return cvae_pb2.Condition(label_name=name)

    def send(request):
        print(f"send {request.id}: {request.WhichOneof('operation')}")
        requests.put(request)

    # First round: one good request and one that must fail without closing the stream.
    send(cvae_pb2.StreamRequest(id="generate-1", generate=cvae_pb2.GenerateRequest(
        model=model, condition=condition(label), count=1, seed=7, format=RAW)))
    send(cvae_pb2.StreamRequest(id="bad-label", generate=cvae_pb2.GenerateRequest(
        model=model, condition=condition(BAD_LABEL), count=1)))
    expected = {"generate-1", "bad-label"}
    answers, problems = {}, []

    responses = stub.Stream(iter(requests.get, None), timeout=args.timeout)
    for response in responses:
        if response.id in answers:
            problems.append(f"id {response.id} answered more than once")
        answers[response.id] = response
        print(f"answer {response.id}: {describe(response)}")
        if response.id == "generate-1" and response.WhichOneof("result") == "generate":
            # Second round, on the same open stream: encode the image just generated, and interpolate.
            generated = response.generate.images[0].image
            send(cvae_pb2.StreamRequest(id="encode-1", encode=cvae_pb2.EncodeRequest(
                model=model, image=generated, condition=condition(label))))
            send(cvae_pb2.StreamRequest(id="interpolate-1", interpolate=cvae_pb2.InterpolateRequest(
                model=model, start=cvae_pb2.Endpoint(condition=condition(label), seed=1),
                end=cvae_pb2.Endpoint(condition=condition(label), seed=2), steps=5, format=RAW)))
            expected |= {"encode-1", "interpolate-1"}
        if expected <= answers.keys():
            requests.put(None)  # half-close: the server completes the stream once all are answered
    print(f"stream: {len(expected)} requests, {len(answers)} answers, closed")

    problems += [f"id {i} got no answer" for i in sorted(expected - answers.keys())]
    problems += [f"answer for unknown id {i!r}" for i in sorted(answers.keys() - expected)]
    for i, response in answers.items():
        failed = response.WhichOneof("result") == "error"
        if i == "bad-label" and not (failed and response.error.code == INVALID_ARGUMENT):
            problems.append(f"id bad-label should fail with INVALID_ARGUMENT, got {describe(response)}")
        if i != "bad-label" and failed:
            problems.append(f"id {i} failed: {describe(response)}")
    return problems


def describe(response):
    kind = response.WhichOneof("result")
    if kind == "generate":
        return f"generate, {len(response.generate.images)} image(s), seed {response.generate.seed}"
    if kind == "encode":
        return f"encode, mu of {len(response.encode.mu)} dimensions"
    if kind == "interpolate":
        return f"interpolate, {len(response.interpolate.frames)} frames"
    if kind == "error":
        return f"error {response.error.status} ({response.error.code}): {response.error.message}"
    return "empty response"


def write_png_grid(path, images):
    """Lays RAW_FLOAT32 images out in a near-square grid and writes it as one 8-bit PNG; returns its size."""
    shape = images[0].shape
    channels, h, w = shape.channels, shape.height, shape.width
    if channels not in (1, 3):
        raise ValueError(f"image channels: expected 1 or 3, got {channels}")
    columns = math.ceil(math.sqrt(len(images)))
    rows = math.ceil(len(images) / columns)
    width, height = columns * w, rows * h
    pixels = bytearray(width * height * channels)
    for n, image in enumerate(images):
        values = struct.unpack(f"<{channels * h * w}f", image.data)  # channel-major [C, H, W]
        top, left = (n // columns) * h, (n % columns) * w
        for c in range(channels):
            for y in range(h):
                for x in range(w):
                    v = values[(c * h + y) * w + x]
                    pixels[((top + y) * width + left + x) * channels + c] = round(min(max(v, 0.0), 1.0) * 255)
    stride = width * channels
    scanlines = b"".join(b"\x00" + bytes(pixels[y * stride:(y + 1) * stride]) for y in range(height))
    color_type = 0 if channels == 1 else 2
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)))
        f.write(png_chunk(b"IDAT", zlib.compress(scanlines)))
        f.write(png_chunk(b"IEND", b""))
    return width, height


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


if __name__ == "__main__":
    sys.exit(main())

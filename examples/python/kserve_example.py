"""A Python client of the Open Inference Protocol (KServe v2 gRPC), using only Debian's python3-grpcio and
python3-protobuf, with stubs that protoc generates from proto/src/main/proto/inference/grpc_predict_v2.proto.

It asks whether the server is live and ready and what it is, reads the metadata of <model>-decoder and
<model>-encoder, and runs ModelInfer on both with three rows (fixed latents, one-hot labels), once with
raw_input_contents and once with contents.fp32_contents. The two forms must give the same bytes, and those
must be the bytes that cvae.v1 gives for the same latents and labels (Generate with explicit latents as
RAW_FLOAT32; Encode of the same raw images). Then it sends malformed tensors, printing each answer as
`error <case>: <CODE> <message>`: each must be INVALID_ARGUMENT naming the tensor (NOT_FOUND for an unknown
model). It prints `kserve ok` when all is well and exits non-zero otherwise.

Stubs first: ./generate-stubs.sh. Run with Debian's Python: /usr/bin/python3 kserve_example.py --target HOST:PORT
"""
import argparse
import math
import os
import random
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "gen"))

import grpc  # noqa: E402
from cvae.v1 import cvae_pb2, cvae_pb2_grpc  # noqa: E402
from inference import grpc_predict_v2_pb2 as v2, grpc_predict_v2_pb2_grpc as v2_grpc  # noqa: E402

FP32 = "FP32"
ROWS = 3
INVALID_ARGUMENT = grpc.StatusCode.INVALID_ARGUMENT
NOT_FOUND = grpc.StatusCode.NOT_FOUND


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", default="localhost:50051", help="server address (default %(default)s)")
    parser.add_argument("--model", default="mnist", help="cvae.v1 model name; its v2 models are <model>-decoder "
                        "and <model>-encoder (default %(default)s)")
    parser.add_argument("--seed", type=int, default=7, help="seed of the fixed latents (default %(default)s)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds per call (default %(default)s)")
    args = parser.parse_args()

    problems = []
    with grpc.insecure_channel(args.target) as channel:
        checks = KServeChecks(v2_grpc.GRPCInferenceServiceStub(channel), cvae_pb2_grpc.CvaeServiceStub(channel),
                        args.model, args.timeout, problems)
        try:
            checks.check_server()
            info = checks.model_info()
            decoder, encoder = (checks.metadata("decoder"), checks.metadata("encoder")) if info else (None, None)
            if not problems:
                z, labels = fixed_latents(args.seed, decoder["z"]), [(3 * r + 1) % decoder["c"] for r in range(ROWS)]
                images = checks.decode(z, labels, decoder)
                checks.encode(images, labels, encoder, info.image_shape)
                checks.malformed(z, labels, decoder)
        except grpc.RpcError as e:
            problems.append(f"unexpected {e.code().name}: {e.details()}")
    for problem in problems:
        print(f"FAIL: {problem}", file=sys.stderr)
    if problems:
        return 1
    print("kserve ok")
    return 0


class KServeChecks:
    """The checks of one v2 model pair over one channel (v2 and cvae.v1 stubs); each mismatch goes to `problems`."""

    def __init__(self, inference, cvae, model, timeout, problems):
        self.inference, self.cvae, self.model, self.timeout, self.problems = inference, cvae, model, timeout, problems

    def expect(self, condition, problem):
        if not condition:
            self.problems.append(problem)
        return condition

    def check_server(self):
        live = self.inference.ServerLive(v2.ServerLiveRequest(), timeout=self.timeout).live
        ready = self.inference.ServerReady(v2.ServerReadyRequest(), timeout=self.timeout).ready
        meta = self.inference.ServerMetadata(v2.ServerMetadataRequest(), timeout=self.timeout)
        print(f"server: live {live}, ready {ready}, {meta.name} version {meta.version}, "
              f"extensions [{', '.join(meta.extensions)}]")
        self.expect(live and ready, f"server live {live}, ready {ready}; expected both")

    def model_info(self):
        """The cvae.v1 description of the model, which must be conditioned on one-hot labels (class_index)."""
        models = self.cvae.ListModels(cvae_pb2.ListModelsRequest(), timeout=self.timeout).models
        info = next((m for m in models if m.name == self.model), None)
        if not self.expect(info is not None, f"model {self.model!r} is not served; served: {[m.name for m in models]}"):
            return None
        self.expect(info.conditioning_kind == "one-hot",
                    f"model {self.model}: conditioning {info.conditioning_kind!r}, this example needs 'one-hot' labels")
        return info

    def metadata(self, role):
        """Prints the v2 model's metadata; returns its tensors' widths by name (inputs and outputs)."""
        name = f"{self.model}-{role}"
        meta = self.inference.ModelMetadata(v2.ModelMetadataRequest(name=name), timeout=self.timeout)
        ready = self.inference.ModelReady(v2.ModelReadyRequest(name=name), timeout=self.timeout).ready
        print(f"model {meta.name} versions [{', '.join(meta.versions)}] platform {meta.platform} ready {ready}")
        widths = {}
        for kind, tensors in (("input", meta.inputs), ("output", meta.outputs)):
            for t in tensors:
                print(f"  {kind} {t.name} {t.datatype} {list(t.shape)}")
                self.expect(t.datatype == FP32 and len(t.shape) == 2 and t.shape[0] == -1,
                            f"{name} {kind} {t.name}: {t.datatype} {list(t.shape)}, expected {FP32} [-1, width]")
                widths[t.name] = t.shape[-1]
        expected = {"decoder": ("z", "c", "x_hat"), "encoder": ("x", "c", "mu", "logvar")}[role]
        self.expect(ready, f"{name} is not ready")
        self.expect(sorted(widths) == sorted(expected), f"{name} tensors {sorted(widths)}, expected {sorted(expected)}")
        return widths

    def infer(self, model, tensors, raw):
        """ModelInfer of (name, width, values) tensors of ROWS rows, raw or typed; returns {output name: bytes}."""
        request = infer_request(model, tensors, raw)
        response = self.inference.ModelInfer(request, timeout=self.timeout)
        self.expect(response.model_name == model and response.id == request.id,
                    f"{model}: answer for model {response.model_name!r} id {response.id!r}, expected {request.id!r}")
        outputs = {}
        for i, out in enumerate(response.outputs):
            data = response.raw_output_contents[i]
            self.expect(out.datatype == FP32 and len(out.shape) == 2 and out.shape[0] == ROWS
                        and len(data) == 4 * ROWS * out.shape[1],
                        f"{model} output {out.name}: {out.datatype} {list(out.shape)} with {len(data)} bytes")
            outputs[out.name] = data
        return outputs

    def decode(self, z, labels, widths):
        """Decoder in both forms vs cvae.v1 Generate with the same latents; returns the images' raw bytes."""
        name, latent = f"{self.model}-decoder", widths["z"]
        tensors = [("z", latent, z), ("c", widths["c"], one_hot(labels, widths["c"]))]
        raw = self.infer(name, tensors, raw=True)["x_hat"]
        typed = self.infer(name, tensors, raw=False)["x_hat"]
        self.expect(raw == typed, f"{name}: raw_input_contents and fp32_contents answers differ")
        generated = b""
        for r, label in enumerate(labels):
            row = z[r * latent:(r + 1) * latent]
            response = self.cvae.Generate(cvae_pb2.GenerateRequest(
                model=self.model, condition=cvae_pb2.Condition(class_index=label),
                latents=[cvae_pb2.FloatVector(values=row)], format=cvae_pb2.IMAGE_FORMAT_RAW_FLOAT32),
                timeout=self.timeout)
            self.expect(list(response.images[0].latent) == row, f"Generate row {r}: latent differs from z")
            generated += response.images[0].image.data
        same = self.expect(raw == generated, f"{name}: x_hat differs from cvae.v1 Generate's raw images")
        print(f"decode: {name} {ROWS} rows, labels {labels}: raw and typed answers identical ({len(raw)} bytes), "
              f"{'identical to' if same else 'DIFFERENT from'} cvae.v1 Generate")
        return raw

    def encode(self, images, labels, widths, shape):
        """Encoder in both forms on the decoded images vs cvae.v1 Encode of each raw image."""
        name, pixels, latent = f"{self.model}-encoder", widths["x"], widths["mu"]
        tensors = [("x", pixels, floats(images)), ("c", widths["c"], one_hot(labels, widths["c"]))]
        raw = self.infer(name, tensors, raw=True)
        typed = self.infer(name, tensors, raw=False)
        self.expect(raw == typed, f"{name}: raw_input_contents and fp32_contents answers differ")
        mu, logvar = b"", b""
        for r, label in enumerate(labels):
            image = cvae_pb2.Image(format=cvae_pb2.IMAGE_FORMAT_RAW_FLOAT32, shape=shape,
                                   data=images[r * pixels * 4:(r + 1) * pixels * 4])
            response = self.cvae.Encode(cvae_pb2.EncodeRequest(
                model=self.model, image=image, condition=cvae_pb2.Condition(class_index=label)), timeout=self.timeout)
            mu, logvar = mu + little_endian(response.mu), logvar + little_endian(response.logvar)
        same = self.expect(raw.get("mu") == mu and raw.get("logvar") == logvar and len(mu) == 4 * ROWS * latent,
                           f"{name}: mu or logvar differ from cvae.v1 Encode")
        print(f"encode: {name} {ROWS} rows: raw and typed answers identical, mu and logvar "
              f"{'identical to' if same else 'DIFFERENT from'} cvae.v1 Encode")

    def malformed(self, z, labels, widths):
        """Each case must fail with its code, and an INVALID_ARGUMENT must name the tensor it is about."""
        name, latent, k = f"{self.model}-decoder", widths["z"], widths["c"]
        c = one_hot(labels, k)
        good = infer_request(name, [("z", latent, z), ("c", k, c)], raw=True)

        def bad(change):
            request = v2.ModelInferRequest()
            request.CopyFrom(good)
            change(request)
            return request

        with_nan = list(z)
        with_nan[latent + 1] = math.nan
        cases = [
            ("wrong-datatype", "z", bad(lambda r: setattr(r.inputs[0], "datatype", "INT64"))),
            ("wrong-width", "c", bad(lambda r: r.inputs[1].shape.__setitem__(1, k + 1))),
            ("data-length", "z", bad(lambda r: r.raw_input_contents.__setitem__(0, r.raw_input_contents[0][:-4]))),
            ("missing-input", "c", bad(lambda r: (r.inputs.pop(1), r.raw_input_contents.pop(1)))),
            ("raw-and-typed", "c", bad(lambda r: r.inputs[1].contents.fp32_contents.extend(c))),
            ("nan", "z", bad(lambda r: r.raw_input_contents.__setitem__(0, little_endian(with_nan)))),
            ("unknown-model", None, bad(lambda r: setattr(r, "model_name", f"{self.model}-generator"))),
        ]
        for case, tensor, request in cases:
            try:
                self.inference.ModelInfer(request, timeout=self.timeout)
                print(f"error {case}: none, the request was answered")
                self.problems.append(f"{case}: answered, expected an error")
                continue
            except grpc.RpcError as e:
                code, message = e.code(), e.details() or ""
            print(f"error {case}: {code.name} {message}")
            if tensor is None:
                self.expect(code == NOT_FOUND and f"'{request.model_name}'" in message,
                            f"{case}: expected NOT_FOUND naming '{request.model_name}', got {code.name}")
            else:
                self.expect(code == INVALID_ARGUMENT and f"'{tensor}'" in message,
                            f"{case}: expected INVALID_ARGUMENT naming tensor '{tensor}', got {code.name}")


def infer_request(model, tensors, raw):
    """A ModelInferRequest of (name, width, values) FP32 tensors of ROWS rows, raw or typed."""
    request = v2.ModelInferRequest(model_name=model, id=f"{model}-{'raw' if raw else 'typed'}")
    for name, width, values in tensors:
        tensor = request.inputs.add(name=name, datatype=FP32, shape=[ROWS, width])
        if raw:
            request.raw_input_contents.append(little_endian(values))
        else:
            tensor.contents.fp32_contents.extend(values)
    return request


def fixed_latents(seed, width):
    """ROWS x width standard normal values, rounded to float32 so both data forms carry exactly the same numbers."""
    rng = random.Random(seed)
    return floats(little_endian([rng.gauss(0.0, 1.0) for _ in range(ROWS * width)]))


def one_hot(labels, k):
    return [1.0 if j == label else 0.0 for label in labels for j in range(k)]


def little_endian(values):
    return struct.pack(f"<{len(values)}f", *values)


def floats(data):
    return list(struct.unpack(f"<{len(data) // 4}f", data))


if __name__ == "__main__":
    sys.exit(main())

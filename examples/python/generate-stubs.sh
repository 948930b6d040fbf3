#!/usr/bin/env bash
# Generates the Python message and gRPC stubs of proto/ (cvae.v1 and the Open Inference Protocol's package
# inference, whose java options the Python generator ignores) into gen/ (git-ignored), with Debian's protoc and
# gRPC Python plugin: apt-get install protobuf-compiler protobuf-compiler-grpc python3-grpcio python3-protobuf
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
proto="$here/../../proto/src/main/proto"
plugin="$(command -v grpc_python_plugin || true)"
if [[ -z "$plugin" ]] || ! command -v protoc >/dev/null; then
  echo "generate-stubs.sh: needs protoc and grpc_python_plugin (apt-get install protobuf-compiler protobuf-compiler-grpc)" >&2
  exit 1
fi
rm -rf "$here/gen"
mkdir -p "$here/gen"
protoc -I "$proto" --python_out="$here/gen" --grpc_python_out="$here/gen" \
  --plugin=protoc-gen-grpc_python="$plugin" cvae/v1/cvae.proto inference/grpc_predict_v2.proto
echo "generate-stubs.sh: wrote $(cd "$here/gen" && find . -name '*.py' | sort | tr '\n' ' ')"

#!/usr/bin/env bash
# Creates a flow through the gRPC API with grpcurl (https://github.com/fullstorydev/grpcurl), using the
# local proto files. Run it from the repository root:
#
#   examples/grpc/create_flow.sh [FLOW_FILE] [HOST:PORT]
#
# FLOW_FILE defaults to examples/flows/pg_to_kafka_avro.json (a CreateFlowRequest body:
# {"flow": {...}, "start_immediately": false} with full enum names), HOST:PORT to localhost:8080.
# Without grpcurl, `bin/ductstream-admin flow create -f FLOW_FILE -endpoint HOST:PORT` does the same.
set -euo pipefail

file="${1:-examples/flows/pg_to_kafka_avro.json}"
endpoint="${2:-localhost:8080}"
repo="$(cd "$(dirname "$0")/../.." && pwd)"

if ! command -v grpcurl >/dev/null 2>&1; then
  echo "create_flow.sh: grpcurl is not installed; use: bin/ductstream-admin flow create -f $file -endpoint $endpoint" >&2
  exit 2
fi
if [[ ! -r "$file" ]]; then
  echo "create_flow.sh: cannot read flow file $file" >&2
  exit 2
fi

grpcurl -plaintext \
  -import-path "$repo/proto" \
  -proto ductstream/v1/flow.proto \
  -proto ductstream/v1/types.proto \
  -d @ "$endpoint" ductstream.v1.FlowService/CreateFlow < "$file"

#!/usr/bin/env bash
# Creates a flow through the gRPC API with grpcurl (https://github.com/fullstorydev/grpcurl), using the
# local proto files. Run it from the repository root:
#
#   examples/grpc/create_flow.sh [FLOW_FILE] [HOST:PORT]
#
# FLOW_FILE defaults to examples/flows/pg_to_kafka_avro.json (a CreateFlowRequest body:
# {"flow": {...}, "start_immediately": false} with full enum names), HOST:PORT to localhost:8080.
#
# The same environment as the server's tells it how to connect:
#   DUCTSTREAM_API_TOKEN   sent as "authorization: Bearer <token>" when set
#   DUCTSTREAM_CACERT      PEM CA of the server's certificate: TLS instead of plaintext
#   DUCTSTREAM_CERT, DUCTSTREAM_KEY   client certificate and key, for a server with DUCTSTREAM_GRPC_TLS_CLIENT_CA
# The token is passed to grpcurl through an environment expansion, so it does not appear in the process list.
#
# Without grpcurl, `bin/ductstream-admin flow create -f FLOW_FILE -endpoint HOST:PORT` does the same
# (with -cacert, -cert/-key; the token from DUCTSTREAM_API_TOKEN).
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

connection=(-plaintext)
if [[ -n "${DUCTSTREAM_CACERT:-}" ]]; then
  connection=(-cacert "$DUCTSTREAM_CACERT")
  if [[ -n "${DUCTSTREAM_CERT:-}" || -n "${DUCTSTREAM_KEY:-}" ]]; then
    connection+=(-cert "${DUCTSTREAM_CERT:?DUCTSTREAM_KEY needs DUCTSTREAM_CERT}" -key "${DUCTSTREAM_KEY:?DUCTSTREAM_CERT needs DUCTSTREAM_KEY}")
  fi
fi
auth=()
if [[ -n "${DUCTSTREAM_API_TOKEN:-}" ]]; then
  # grpcurl expands ${NAME} in -H values itself (-expand-headers): the token stays out of argv.
  auth=(-expand-headers -H 'authorization: Bearer ${DUCTSTREAM_API_TOKEN}')
fi

grpcurl "${connection[@]}" "${auth[@]}" \
  -import-path "$repo/proto" \
  -proto ductstream/v1/flow.proto \
  -proto ductstream/v1/types.proto \
  -d @ "$endpoint" ductstream.v1.FlowService/CreateFlow < "$file"

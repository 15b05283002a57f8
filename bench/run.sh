#!/usr/bin/env bash
# Runs one benchmark: bench/run.sh NAME [-n ROWS] [--runs N]. It starts its own servers, loads the anchor
# workload, measures (median of --runs, default 3) and prints a RESULT line last. Builds what it needs first.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$root"

if ! compgen -G "bench/target/ductstream-bench-*.jar" >/dev/null || [ ! -d bench/target/lib ]; then
  echo "bench: building (mvn -q -B package -DskipTests -pl bench -am)" >&2
  mvn -q -B package -DskipTests -pl bench -am >&2
fi

# worker-e2e runs bin/ductstream-worker, which runs the distribution's lib/
if [ "${1:-}" = worker-e2e ] && ! compgen -G "dist/target/ductstream/lib/ductstream-control-plane-*.jar" >/dev/null; then
  echo "bench: building the distribution (mvn -q -B package -DskipTests -pl dist -am)" >&2
  mvn -q -B package -DskipTests -pl dist -am >&2
fi

exec java --add-opens=java.base/java.nio=ALL-UNNAMED ${JAVA_OPTS:-} \
  -cp "$(ls bench/target/ductstream-bench-*.jar):bench/target/lib/*" io.ductstream.bench.BenchMain "$@"

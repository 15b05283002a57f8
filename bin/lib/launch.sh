# Sourced by the bin/ductstream* launchers after they set LAUNCHER and MAIN_CLASS.
# Finds the built jars, then runs MAIN_CLASS with the JVM flags DuctStream needs, JAVA_OPTS, and the arguments.

bin_dir=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
home_dir=$(dirname "$bin_dir")

if [ -d "$home_dir/lib" ]; then
  lib_dir="$home_dir/lib"                       # an unpacked ductstream-VERSION.tar.gz
else
  lib_dir="$home_dir/dist/target/ductstream/lib" # a source checkout after `mvn package`
fi
if ! compgen -G "$lib_dir/ductstream-control-plane-*.jar" >/dev/null; then
  echo "$LAUNCHER: build first: (cd $home_dir && mvn -q -B package -DskipTests)" >&2
  exit 1
fi

if [ -n "${JAVA_HOME:-}" ]; then
  java_cmd="$JAVA_HOME/bin/java"
else
  java_cmd=$(command -v java || true)
fi
if [ -z "$java_cmd" ] || [ ! -x "$java_cmd" ]; then
  echo "$LAUNCHER: no java found; install Java 17 or newer, or set JAVA_HOME" >&2
  exit 1
fi

# Arrow reads java.nio internals on Java 17+.
# shellcheck disable=SC2086 # JAVA_OPTS is a list of flags, split on purpose.
exec "$java_cmd" --add-opens=java.base/java.nio=ALL-UNNAMED ${JAVA_OPTS:-} \
  -Dductstream.launcher="$LAUNCHER" -cp "$lib_dir/*" "$MAIN_CLASS" "$@"

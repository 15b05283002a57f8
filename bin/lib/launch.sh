# Sourced by the bin/ductstream* launchers after they set LAUNCHER and MAIN_CLASS.
# Finds the built jars, then runs MAIN_CLASS with the JVM flags DuctStream needs, JAVA_OPTS, and the arguments.

# shellcheck source=locate.sh
. "$(dirname "$(readlink -f "$0")")/lib/locate.sh"

lib_dir="$dist_dir/lib"
if ! compgen -G "$lib_dir/ductstream-control-plane-*.jar" >/dev/null; then
  require_build
fi
require_java

# LAUNCHER_GC: the launcher's garbage collector, left out when JAVA_OPTS picks one (a JVM given two
# collectors refuses to start).
gc_flags=""
if [ -n "${LAUNCHER_GC:-}" ] && ! [[ " ${JAVA_OPTS:-} " =~ -XX:\+Use[A-Za-z0-9]*GC[[:space:]] ]]; then
  gc_flags="$LAUNCHER_GC"
fi

# Arrow reads java.nio internals on Java 17+.
# LAUNCHER_JVM_FLAGS: the launcher's own defaults (JAVA_OPTS, after them, wins).
# shellcheck disable=SC2086 # JAVA_OPTS and LAUNCHER_JVM_FLAGS are lists of flags, split on purpose.
exec "$java_cmd" --add-opens=java.base/java.nio=ALL-UNNAMED $gc_flags ${LAUNCHER_JVM_FLAGS:-} ${JAVA_OPTS:-} \
  -Dductstream.launcher="$LAUNCHER" -Dductstream.home="$home_dir" -cp "$lib_dir/*" "$MAIN_CLASS" "$@"

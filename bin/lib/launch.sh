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

# The class-data sharing archive bin/ductstream-cds wrote for this lib/ and this java (mvn package writes one
# for dist/target/ductstream): classes are mapped, already parsed and verified. Left out when JAVA_OPTS names
# -Xshare or an archive of its own, and when it (or JAVA_TOOL_OPTIONS, JDK_JAVA_OPTIONS) starts JFR or an
# agent: with a class-file load hook from the start, JDK 17.0.15 crashed loading archived classes. A JVM that
# cannot use the archive (a jar changed since) starts without it, silently.
cds_flags=()
cds_dir="$dist_dir/cds"
if [ -f "$cds_dir/ductstream.jsa" ] && [ -f "$cds_dir/ductstream.key" ] \
  && ! [[ " ${JAVA_OPTS:-} ${JAVA_TOOL_OPTIONS:-} ${JDK_JAVA_OPTIONS:-} " =~ \
    -Xshare|SharedArchiveFile|FlightRecord|-javaagent|-agentlib|-agentpath ]] \
  && [ "$(<"$cds_dir/ductstream.key")" = "$(cds_key)" ]; then
  cds_flags=("-XX:SharedArchiveFile=$cds_dir/ductstream.jsa")
  # How to map it, as bin/ductstream-cds found this java takes (see there).
  if [ -f "$cds_dir/ductstream.flags" ]; then
    read -r -a map_flags <"$cds_dir/ductstream.flags" || true
    cds_flags+=(${map_flags[@]+"${map_flags[@]}"})
  fi
fi

# Arrow reads java.nio internals on Java 17+.
# LAUNCHER_JVM_FLAGS: the launcher's own defaults (JAVA_OPTS, after them, wins).
# shellcheck disable=SC2086 # JAVA_OPTS and LAUNCHER_JVM_FLAGS are lists of flags, split on purpose.
# Split on spaces, never matched against file names (a -XX:CompileCommand pattern may end in *).
set -f
exec "$java_cmd" --add-opens=java.base/java.nio=ALL-UNNAMED ${cds_flags[@]+"${cds_flags[@]}"} $gc_flags \
  ${LAUNCHER_JVM_FLAGS:-} ${JAVA_OPTS:-} \
  -Dductstream.launcher="$LAUNCHER" -Dductstream.home="$home_dir" -cp "$lib_dir/*" "$MAIN_CLASS" "$@"

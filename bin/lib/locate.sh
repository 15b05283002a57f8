# Sourced by the bin/ launchers after they set LAUNCHER. Sets home_dir (the source checkout or the unpacked
# ductstream-VERSION.tar.gz) and dist_dir (the built distribution: lib/ for the control plane, connect/ for
# ductstream-connect), and defines require_java.

bin_dir=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
home_dir=$(dirname "$bin_dir")

if [ -d "$home_dir/lib" ]; then
  dist_dir="$home_dir"                       # an unpacked ductstream-VERSION.tar.gz
else
  dist_dir="$home_dir/dist/target/ductstream" # a source checkout after `mvn package`
fi

# Sets java_cmd to JAVA_HOME's java, else the one on PATH; without one, says so on stderr and exits 1.
require_java() {
  if [ -n "${JAVA_HOME:-}" ]; then
    java_cmd="$JAVA_HOME/bin/java"
  else
    java_cmd=$(command -v java || true)
  fi
  if [ -z "$java_cmd" ] || [ ! -x "$java_cmd" ]; then
    echo "$LAUNCHER: no java found; install Java 17 or newer, or set JAVA_HOME" >&2
    exit 1
  fi
}

# Says on stderr how to build and exits 1.
require_build() {
  echo "$LAUNCHER: build first: (cd $home_dir && mvn -q -B package -DskipTests)" >&2
  exit 1
}

# Prints what a class-data sharing archive of bin/ductstream-cds is valid for: the real java and lib/.
# Call after require_java.
cds_key() {
  echo "java=$(readlink -f "$java_cmd") lib=$dist_dir/lib"
}

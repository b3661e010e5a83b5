#!/bin/sh
# dpr — the data property rights registry's command line tool.
# Runs the jar that `mvn -B install -DskipTests` builds in cli/target. Extra JVM options: $DPR_JAVA_OPTS.
#
# Class-data sharing (docs/PERFORMANCE.md, "Download size and start time"): the first run with a new
# dpr.jar or a new JVM archives the classes that the build listed in cli/target/dpr.classlist into
# cli/target/dpr.jsa (about 2 s, once); every later run maps them instead of loading them, a quarter
# less CPU at start. DPR_CDS=0 turns this off.
self=$0
if command -v readlink >/dev/null 2>&1 && readlink -f "$self" >/dev/null 2>&1; then
  self=$(readlink -f "$self")
fi
root=$(cd "$(dirname "$self")" && pwd)
jar="$root/cli/target/dpr.jar"
if [ ! -f "$jar" ]; then
  echo "error: NOT_BUILT: $jar does not exist" >&2
  echo "next: cd $root && mvn -B install -DskipTests" >&2
  exit 5
fi
list="$root/cli/target/dpr.classlist"
archive="$root/cli/target/dpr.jsa"
if [ "${DPR_CDS:-1}" != 0 ] && [ -f "$list" ] && [ -w "$root/cli/target" ]; then
  libjvm=
  if javabin=$(command -v java) && javabin=$(readlink -f "$javabin" 2>/dev/null); then
    libjvm="${javabin%/bin/java}/lib/server/libjvm.so"
  fi
  # shellcheck disable=SC3013 # -nt: dash, bash, busybox and ksh all have it
  if [ ! -f "$archive" ] || [ "$jar" -nt "$archive" ] || { [ -f "$libjvm" ] && [ "$libjvm" -nt "$archive" ]; }; then
    # A private name, then a rename: concurrent first runs each write a whole archive. One that cannot
    # be made leaves an empty file, which the JVM ignores and which stops a retry on every run.
    tmp="$archive.$$"
    if ! java -XX:+UseSerialGC -Xshare:dump -XX:SharedClassListFile="$list" -XX:SharedArchiveFile="$tmp" \
        '-Xlog:cds*=off' -cp "$jar" >/dev/null 2>&1; then
      rm -f "$tmp"
      : >"$tmp"
    fi
    mv -f "$tmp" "$archive"
  fi
fi
if [ "${DPR_CDS:-1}" != 0 ] && [ -s "$archive" ]; then
  # The JVM checks the archive against the jar and itself, and silently runs without it if stale.
  exec java -XX:+UseSerialGC -XX:SharedArchiveFile="$archive" '-Xlog:cds*=off' ${DPR_JAVA_OPTS:-} -jar "$jar" "$@"
fi
exec java -XX:+UseSerialGC ${DPR_JAVA_OPTS:-} -jar "$jar" "$@"

#!/bin/sh
# dpr — the data property rights registry's command line tool.
# Runs the jar that `mvn -B install -DskipTests` builds in cli/target. Extra JVM options: $DPR_JAVA_OPTS.
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
exec java -XX:+UseSerialGC ${DPR_JAVA_OPTS:-} -jar "$jar" "$@"

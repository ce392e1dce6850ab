# Sourced by ./mvnw and .ci/run: make JAVA_HOME point at a JDK 21 or newer.
# Keeps JAVA_HOME when it already qualifies, else takes the newest JDK under /usr/lib/jvm.
# POSIX sh on purpose: mvnw runs under /bin/sh with globbing off (set -f).

extend_cancel_java_major() {
  # prints the feature version of the JDK at $1 (e.g. 21), or nothing
  [ -x "$1/bin/javac" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

extend_cancel_find_jdk() {
  if [ -n "${JAVA_HOME:-}" ]; then
    v=$(extend_cancel_java_major "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then return 0; fi
    echo "extend-cancel: JAVA_HOME=$JAVA_HOME is not a JDK 21+ (found '${v:-none}'); looking under /usr/lib/jvm" >&2
  fi
  best="" best_v=0
  for d in $(set +f; ls -d /usr/lib/jvm/*/ 2>/dev/null); do
    d=${d%/}
    [ -L "$d" ] && continue
    v=$(extend_cancel_java_major "$d")
    if [ -n "$v" ] && [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best=$d best_v=$v; fi
  done
  if [ -z "$best" ]; then
    echo "extend-cancel: no JDK 21 or newer found (JAVA_HOME unset or too old, nothing suitable under /usr/lib/jvm)." >&2
    echo "extend-cancel: install one (e.g. Temurin 21 or 25) or set JAVA_HOME to it." >&2
    return 1
  fi
  JAVA_HOME=$best
  export JAVA_HOME
}

extend_cancel_find_jdk || exit 1

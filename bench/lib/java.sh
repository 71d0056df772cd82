# Sourced by the bench scripts: finds a JDK 21+ the way the Maven build does (the machine's default
# java may be 17). Honours $JAVA (a java binary), then $JAVA_HOME, then the newest JDK under
# /usr/lib/jvm, then java on PATH.

# The feature release of a java binary: 25 for "25.0.3", 17 for "17.0.15".
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1
}

# Prints the path of a java 21+ binary, or names what to set and returns 2.
find_java21() {
  local candidates=() candidate dir major
  [ -n "${JAVA:-}" ] && candidates+=("$JAVA")
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
  for dir in $(ls -d /usr/lib/jvm/* 2>/dev/null | sort -rV); do candidates+=("$dir/bin/java"); done
  candidates+=("$(command -v java || true)")
  for candidate in "${candidates[@]}"; do
    [ -x "$candidate" ] || continue
    major=$(java_major "$candidate")
    if [ "${major:-0}" -ge 21 ] 2>/dev/null; then echo "$candidate"; return 0; fi
  done
  echo "$(basename "$0"): no JDK 21+ found; set JAVA or JAVA_HOME" >&2
  return 2
}

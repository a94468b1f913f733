#!/usr/bin/env bash
# Checks (and where it can, installs) what the project needs on a fresh machine: Java 17+,
# Maven, curl, Python 3, with which scripts/test.sh's cluster check and fault runs compare
# stores, and procps (pgrep), with which they find their processes. The Firestore emulator jar
# for the emulator tests is found by scripts/emulator.sh.
# Usage: scripts/setup.sh [run-local]: with 'run-local', only what scripts/run-local.sh needs
# (Java and Maven), so that the first run asks for nothing it does not use.
set -euo pipefail
for_what="${1:-test}"
need_apt=()
command -v java >/dev/null || need_apt+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || need_apt+=(maven)
if [[ "$for_what" != run-local ]]; then
  command -v curl >/dev/null || need_apt+=(curl)
  command -v python3 >/dev/null || need_apt+=(python3)
  # pgrep and pkill: the cluster and fault scripts find and stop the processes they started.
  command -v pgrep >/dev/null || need_apt+=(procps)
fi
if ((${#need_apt[@]})); then
  echo "installing ${need_apt[*]}" >&2
  if [[ $(id -u) -eq 0 ]]; then apt-get update -qq && apt-get install -y -qq "${need_apt[@]}";
  else sudo apt-get update -qq && sudo apt-get install -y -qq "${need_apt[@]}"; fi
fi
version=$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p')
if [[ "${version:-0}" -lt 17 ]]; then
  echo "error: Java 17 or newer is needed (found ${version:-none}); set JAVA_HOME to a JDK 17" >&2
  exit 3
fi

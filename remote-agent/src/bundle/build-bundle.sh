#!/usr/bin/env bash
# Builds target/labdeck-agent-bundle-linux-x64.tar.gz, what the SSH transport uploads to lab hosts:
#   runtime/            a jlink image of the building JDK with only the modules jdeps finds in the jar
#   labdeck-agent.jar   the shaded agent
#   bin/labdeck-agent   the start script
# Run by Maven's package phase on Linux x86-64 (see the agent-bundle profile in ../../pom.xml).
# The runtime is rebuilt only when the module list or the JDK changes; the tar is deterministic
# (sorted, fixed owner and times), so its SHA-256 changes only when its contents do.
set -euo pipefail

target="$1"
java_home="$2"
here="$(cd "$(dirname "$0")" && pwd)"
jar="$target/labdeck-agent.jar"
work="$target/agent-bundle"
stamp="$target/agent-bundle.runtime-key"
out="$target/labdeck-agent-bundle-linux-x64.tar.gz"

[ -f "$jar" ] || { echo "build-bundle: $jar missing (the shade step runs first)" >&2; exit 1; }

# java.desktop is referenced only by JNA's and OSHI's AWT/Windows/macOS code, which the agent never
# runs on Linux (system metrics, traffic, XDP and services work without it); leaving it out saves ~11 MB.
drop_modules="java.desktop"
modules="$("$java_home/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 25 "$jar")"
for m in $drop_modules; do
  modules="$(printf '%s' "$modules" | tr ',' '\n' | grep -vx "$m" | paste -sd, -)"
done
key="$modules $java_home $(cat "$java_home/release" 2>/dev/null | grep -E '^(JAVA_VERSION|IMPLEMENTOR)=' | tr '\n' ' ')"

if [ ! -x "$work/runtime/bin/java" ] || [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$key" ]; then
  rm -rf "$work" "$stamp"
  mkdir -p "$work"
  "$java_home/bin/jlink" --add-modules "$modules" \
    --strip-debug --no-header-files --no-man-pages --compress=zip-9 \
    --output "$work/runtime"
  # jlink's --strip-debug drops debug sections only; the symbol tables are ~5 MB more of libjvm alone.
  if command -v strip >/dev/null 2>&1; then
    find "$work/runtime" -type f \( -name '*.so' -o -path '*/bin/*' \) -exec strip --strip-unneeded {} +
  fi
  printf '%s' "$key" > "$stamp"
fi

mkdir -p "$work/bin"
cp "$jar" "$work/labdeck-agent.jar"
cp "$here/labdeck-agent" "$work/bin/labdeck-agent"
chmod 755 "$work/bin/labdeck-agent"

tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work" -cf - bin labdeck-agent.jar runtime \
  | gzip -9n > "$out.part"
mv "$out.part" "$out"
echo "agent bundle: $out ($(du -k "$out" | cut -f1) KiB; runtime modules: $modules)"

#!/usr/bin/env bash
# Packages LabDeck with the JDK's jpackage: a self-contained app (its own jlinked runtime) with the
# `labdeck` command (the desktop app and every CLI command), a desktop entry with its icon, the
# bundled profiles and the agent (jar, and the bundle with its own runtime for Linux x86-64 hosts).
#
#   installer/package.sh [app-image|deb|rpm|dmg|pkg|msi]... [--skip-build]
#
# Several types in one call share one build. Output: installer/target/. jpackage builds only for
# the system it runs on: deb and rpm on Linux, dmg and pkg on macOS, msi on Windows (see
# .github/workflows/packages.yml). See installer/README.md.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
OUT="$HERE/target/packages"
WORK="$HERE/target/jpackage"
TYPES=()
SKIP_BUILD=""
for a in "$@"; do
  case "$a" in
    --skip-build) SKIP_BUILD=1 ;;
    app-image|deb|rpm|dmg|pkg|msi) TYPES+=("$a") ;;
    *) echo "usage: installer/package.sh [app-image|deb|rpm|dmg|pkg|msi]... [--skip-build]" >&2; exit 2 ;;
  esac
done
[ ${#TYPES[@]} -gt 0 ] || TYPES=(app-image)

die() { echo "package: $*" >&2; exit 2; }

# the project's version, from the root pom (the first <version> after the parent-less header)
VERSION="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$ROOT/pom.xml" | head -n1)"
[ -n "$VERSION" ] || die "cannot read the version from $ROOT/pom.xml"

JDK="${JAVA_HOME:-}"
if [ -z "$JDK" ] || [ ! -x "$JDK/bin/jpackage" ]; then
  for d in /usr/lib/jvm/*25* /Library/Java/JavaVirtualMachines/*25*/Contents/Home; do
    [ -x "$d/bin/jpackage" ] && JDK="$d" && break
  done
fi
[ -x "$JDK/bin/jpackage" ] || die "no JDK 25 with jpackage found; set JAVA_HOME to one"
export JAVA_HOME="$JDK"

for t in "${TYPES[@]}"; do
  case "$t" in
    deb) command -v dpkg-deb >/dev/null && command -v fakeroot >/dev/null \
           || die "a .deb needs dpkg-deb and fakeroot (apt install dpkg fakeroot)" ;;
    rpm) command -v rpmbuild >/dev/null || die "an .rpm needs rpmbuild (apt install rpm, or dnf install rpm-build)" ;;
  esac
done

if [ -z "$SKIP_BUILD" ]; then
  (cd "$ROOT" && ./mvnw -B -q -DskipTests package) || die "the build failed; run ./mvnw -B package -DskipTests to see why"
fi
MAIN_JAR="labdeck-installer-$VERSION.jar"
for f in "$HERE/target/$MAIN_JAR" "$ROOT/gui/target/labdeck-gui-$VERSION.jar" "$ROOT/remote-agent/target/labdeck-agent.jar"; do
  [ -f "$f" ] || die "missing $f: build first (./mvnw -B package -DskipTests)"
done

# The app's lib/ directory ($APPDIR/..) is its labdeck.home, laid out like the repository where it
# matters (profiles/, remote-agent/target/); the app's jars are in $APPDIR. jpackage puts every jar
# under --input on the class path, so JavaFX (module path), the agent (a separate program) and the
# profiles travel as --app-content instead.
rm -rf "$WORK"
INPUT="$WORK/input"
CONTENT="$WORK/content"
mkdir -p "$INPUT" "$CONTENT/fx" "$CONTENT/profiles" "$CONTENT/remote-agent/target" "$OUT"
cp "$HERE/target/$MAIN_JAR" "$ROOT/gui/target/labdeck-gui-$VERSION.jar" "$INPUT/"
for j in "$ROOT"/gui/target/lib/*.jar; do
  case "$(basename "$j")" in
    javafx-*) cp "$j" "$CONTENT/fx/" ;;
    *) cp "$j" "$INPUT/" ;;
  esac
done
cp "$ROOT"/profiles/*.yaml "$ROOT"/profiles/*.json "$CONTENT/profiles/"
cp "$ROOT/remote-agent/target/labdeck-agent.jar" "$CONTENT/remote-agent/target/"
BUNDLE="$ROOT/remote-agent/target/labdeck-agent-bundle-linux-x64.tar.gz"
if [ -f "$BUNDLE" ]; then cp "$BUNDLE" "$CONTENT/remote-agent/target/"; else
  echo "package: no agent bundle (built on Linux x86-64 only): SSH hosts need java: in their profiles" >&2; fi

# The runtime: the JDK modules the app, its libraries and the agent use (checked with jdeps; see README), not
# the whole JDK. Its bin/java stays: local and lab-in-a-box hosts run the agent jar with it.
MODULES="java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.sql,java.xml,jdk.crypto.ec,jdk.unsupported,jdk.zipfs,jdk.management,java.security.jgss,jdk.unsupported.desktop,jdk.jfr,jdk.httpserver"

common=(
  --name labdeck
  --app-version "$VERSION"
  --vendor "LabDeck"
  --description "Desktop lab controller for network performance tests"
  --copyright "LabDeck"
  --input "$INPUT"
  --app-content "$CONTENT/fx,$CONTENT/profiles,$CONTENT/remote-agent"
  --main-jar "$MAIN_JAR"
  --main-class dev.labdeck.app.LabDeckMain
  --add-modules "$MODULES"
  --jlink-options "--strip-debug --no-header-files --no-man-pages --compress=zip-6"
  --java-options '--module-path $APPDIR/../fx --add-modules javafx.controls,javafx.swing'
  --java-options '--enable-native-access=ALL-UNNAMED,javafx.graphics'
  --java-options '--add-exports javafx.base/com.sun.javafx.event=ALL-UNNAMED'
  --java-options '-Dlabdeck.home=$APPDIR/..'
  --java-options '-Dlabdeck.installed=true'
)

# The content is compressed already (jars, the jlinked modules): xz's fastest level makes the .deb
# a few per cent larger than its default and saves minutes on a loaded machine.
export DPKG_DEB_COMPRESSOR_TYPE="${DPKG_DEB_COMPRESSOR_TYPE:-xz}" DPKG_DEB_COMPRESSOR_LEVEL="${DPKG_DEB_COMPRESSOR_LEVEL:-1}"

# One runtime for every type: jlinked once, reused by each package.
RUNTIME="$WORK/runtime"
"$JDK/bin/jlink" --add-modules "$MODULES" --strip-debug --no-header-files --no-man-pages \
  --compress=zip-6 --output "$RUNTIME"

for TYPE in "${TYPES[@]}"; do
  extra=(--runtime-image "$RUNTIME")
  case "$TYPE" in
    app-image)
      extra+=(--icon "$HERE/icons/labdeck.png") ;;
    deb|rpm)
      # resources/linux: postinst/prerm (deb) and labdeck.spec (rpm) put `labdeck` on PATH as /usr/bin/labdeck
      extra+=(--icon "$HERE/icons/labdeck.png" --resource-dir "$HERE/resources/linux"
        --linux-package-name labdeck --linux-shortcut --linux-menu-group "Development;Network"
        --linux-app-category devel --linux-deb-maintainer "labdeck@localhost" --linux-rpm-license-type "Proprietary")
      [ "$TYPE" = deb ] && extra+=(--linux-package-deps "libgtk-3-0 | libgtk-3-0t64")
      [ "$TYPE" = rpm ] && extra+=(--linux-package-deps "gtk3") ;;
    dmg|pkg)
      extra+=(--icon "$HERE/icons/labdeck.icns" --mac-package-name LabDeck --mac-package-identifier dev.labdeck.app) ;;
    msi)
      extra+=(--icon "$HERE/icons/labdeck.ico" --win-console --win-menu --win-menu-group LabDeck --win-shortcut
        --win-dir-chooser --win-per-user-install --win-upgrade-uuid 6f1d3c7e-7f52-4e55-9a57-0b7c5e0d4a11) ;;
  esac
  # the runtime was made by jlink above; --add-modules/--jlink-options only apply without --runtime-image
  args=()
  skip=0
  for a in "${common[@]}"; do
    if [ $skip = 1 ]; then skip=0; continue; fi
    case "$a" in --add-modules|--jlink-options) skip=1; continue ;; esac
    args+=("$a")
  done
  rm -rf "$WORK/tmp-$TYPE"
  case "$TYPE" in deb) rm -f "$OUT"/labdeck_*.deb ;; rpm) rm -f "$OUT"/labdeck-*.rpm ;; esac
  [ "$TYPE" = app-image ] && rm -rf "$OUT/labdeck" "$OUT/labdeck.app"
  "$JDK/bin/jpackage" --type "$TYPE" "${args[@]}" "${extra[@]}" --temp "$WORK/tmp-$TYPE" --dest "$OUT"
  made="$(ls -td "$OUT"/labdeck* "$OUT"/LabDeck* 2>/dev/null | head -n1 || true)"
  echo "package: $made ($(du -sh "$made" | cut -f1))"
done

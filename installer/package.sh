#!/usr/bin/env bash
# Packages the LabDeck desktop app with jpackage: an app image (any OS jpackage supports) and,
# on Debian/Ubuntu, a .deb. The app carries its own Java runtime (jlink), JavaFX, the agent jar
# that local hosts run and the bundled profiles.
#
#   installer/package.sh [app-image|deb] [--skip-build]
#
# Output goes to installer/target/. See installer/README.md.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
TYPE="${1:-app-image}"
SKIP_BUILD="${2:-}"
OUT="$HERE/target"
INPUT="$OUT/input"
VERSION="0.1.0"

die() { echo "package: $*" >&2; exit 2; }

JDK="${JAVA_HOME:-}"
if [ -z "$JDK" ] || [ ! -x "$JDK/bin/jpackage" ]; then
  for d in /usr/lib/jvm/*25*; do [ -x "$d/bin/jpackage" ] && JDK="$d" && break; done
fi
[ -x "$JDK/bin/jpackage" ] || die "no JDK 25 with jpackage found; set JAVA_HOME to one"
export JAVA_HOME="$JDK"

case "$TYPE" in
  app-image) ;;
  deb) command -v dpkg-deb >/dev/null && command -v fakeroot >/dev/null \
         || die "a .deb needs dpkg-deb and fakeroot (apt install dpkg fakeroot)" ;;
  *) die "usage: installer/package.sh [app-image|deb] [--skip-build]" ;;
esac

if [ "$SKIP_BUILD" != "--skip-build" ]; then
  (cd "$ROOT" && ./mvnw -B -q -DskipTests package) || die "the build failed; run ./mvnw -B package -DskipTests to see why"
fi
GUI_JAR="$ROOT/gui/target/labdeck-gui-$VERSION.jar"
AGENT_JAR="$ROOT/remote-agent/target/labdeck-agent.jar"
[ -f "$GUI_JAR" ] || die "missing $GUI_JAR: build first"
[ -f "$AGENT_JAR" ] || die "missing $AGENT_JAR: build first"

# The app's lib/ directory ($APPDIR/..) is its labdeck.home, laid out like the repository
# where it matters (profiles/, remote-agent/target/); jar files of the app go to $APPDIR.
# jpackage puts every jar under --input on the class path, so JavaFX (module path), the agent
# (a separate program) and the profiles travel as --app-content instead.
CONTENT="$OUT/content"
rm -rf "$OUT"
mkdir -p "$INPUT" "$CONTENT/fx" "$CONTENT/profiles" "$CONTENT/remote-agent/target"
cp "$GUI_JAR" "$INPUT/"
for j in "$ROOT"/gui/target/lib/*.jar; do
  case "$(basename "$j")" in
    javafx-*) cp "$j" "$CONTENT/fx/" ;;
    *) cp "$j" "$INPUT/" ;;
  esac
done
cp "$ROOT"/profiles/*.yaml "$ROOT"/profiles/*.json "$CONTENT/profiles/" 2>/dev/null || true
cp "$AGENT_JAR" "$CONTENT/remote-agent/target/"
for b in "$ROOT"/remote-agent/target/labdeck-agent-bundle*; do [ -e "$b" ] && cp -r "$b" "$CONTENT/remote-agent/target/"; done

# The runtime: the JDK modules the app and its libraries use (checked with jdeps), not the whole JDK.
MODULES="java.base,java.desktop,java.logging,java.management,java.naming,java.net.http,java.sql,java.xml,jdk.crypto.ec,jdk.unsupported,jdk.zipfs,jdk.management,java.security.jgss,jdk.unsupported.desktop,jdk.jfr"

"$JDK/bin/jpackage" \
  --type "$TYPE" \
  --name labdeck \
  --app-version "$VERSION" \
  --vendor "LabDeck" \
  --description "Desktop lab controller for network performance tests" \
  --input "$INPUT" \
  --app-content "$CONTENT/fx,$CONTENT/profiles,$CONTENT/remote-agent" \
  --main-jar "labdeck-gui-$VERSION.jar" \
  --main-class dev.labdeck.gui.LabDeckApp \
  --add-modules "$MODULES" \
  --jlink-options "--strip-debug --no-header-files --no-man-pages --strip-native-commands --compress=zip-6" \
  --java-options '--module-path $APPDIR/../fx --add-modules javafx.controls,javafx.swing' \
  --java-options '--enable-native-access=ALL-UNNAMED,javafx.graphics' \
  --java-options '-Dlabdeck.home=$APPDIR/..' \
  --java-options '-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=$APPDIR/../labdeck-gui.jsa -Xlog:cds=off -Xlog:cds+dynamic=off' \
  $( [ "$TYPE" = deb ] && echo "--linux-shortcut --linux-menu-group Development --linux-app-category devel --linux-package-deps libgtk-3-0" ) \
  --dest "$OUT"

echo "package: $(ls -d "$OUT"/labdeck* | head -n1) ($(du -sh "$(ls -d "$OUT"/labdeck* | head -n1)" | cut -f1))"

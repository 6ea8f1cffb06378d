# Unpacks an uploaded agent (KIND bundle: a .tar.gz; jar: the agent jar) beside its target DIR
# and renames it into place, so a directory with the marker is always complete, and two
# controllers deploying at once cannot see each other's half-written files.
# usage: bundle-unpack.sh KIND UPLOAD STAGING DIR MARKER
set -e
kind=$1 upload=$2 staging=$3 dir=$4 marker=$5
mkdir -p "$staging"
case "$kind" in
  bundle) tar -xzf "$upload" -C "$staging" ;;
  jar) mv "$upload" "$staging/labdeck-agent.jar" ;;
  *) echo "unknown agent kind $kind" >&2; exit 2 ;;
esac
rm -f "$upload"
touch "$staging/$marker"
if [ -d "$dir" ] && [ ! -f "$dir/$marker" ]; then rm -rf "$dir"; fi
mv "$staging" "$dir" 2>/dev/null || rm -rf "$staging"
test -f "$dir/$marker"

# Says "present" when the agent bundle is already unpacked in DIR, and touches its marker: the
# marker's time is the bundle's last use. Bundles unused for UNUSED_DAYS days, and uploads or
# unpacks abandoned over an hour ago, are removed so lab hosts do not fill up with old agents.
# usage: bundle-lookup.sh CACHE DIR MARKER UNUSED_DAYS
cache=$1 dir=$2 marker=$3 days=$4
if [ -f "$dir/$marker" ]; then touch "$dir/$marker"; echo present; fi
if [ -d "$cache" ]; then
  for m in "$cache"/*/"$marker"; do
    [ -f "$m" ] && [ -n "$(find "$m" -mtime +"$days" 2>/dev/null)" ] && rm -rf "$(dirname "$m")"
  done
  find "$cache" -mindepth 1 -maxdepth 1 \( -name '*.upload-*' -o -name '*.tmp-*' \) -mmin +60 -exec rm -rf {} + 2>/dev/null
fi
exit 0

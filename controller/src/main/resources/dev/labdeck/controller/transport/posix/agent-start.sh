# Starts the agent detached in DIR and waits there for its ready file, which it prints: one
# round trip. Exit 3: the agent exited before it was ready; 4: not ready in WAIT_TENTHS tenths
# of a second (both print the end of its console.log on stderr).
# usage: agent-start.sh DIR WAIT_TENTHS AGENT_COMMAND...
d=$1 tenths=$2
shift 2
cd "$d" || exit 2
# setsid: the agent gets its own session and process group, so it outlives this SSH session
# and can be stopped with everything it started by signalling the group. macOS has no setsid
# command; its perl does the same (POSIX::setsid, then exec). Without either, the agent runs
# in this shell's group and is stopped by its pid alone.
if command -v setsid >/dev/null 2>&1; then
  nohup setsid "$@" > "$d/console.log" 2>&1 < /dev/null &
elif command -v perl >/dev/null 2>&1; then
  nohup perl -MPOSIX -e 'POSIX::setsid(); exec { $ARGV[0] } @ARGV or die "cannot run $ARGV[0]: $!\n"' "$@" > "$d/console.log" 2>&1 < /dev/null &
else
  nohup "$@" > "$d/console.log" 2>&1 < /dev/null &
fi
P=$!
i=0
while [ ! -s "$d/ready.json" ]; do
  if ! kill -0 $P 2>/dev/null; then echo "agent exited before it was ready; console.log:" >&2; tail -n 30 "$d/console.log" >&2; exit 3; fi
  i=$((i+1)); if [ $i -gt "$tenths" ]; then echo "agent not ready in time; console.log:" >&2; tail -n 30 "$d/console.log" >&2; exit 4; fi
  sleep 0.1
done
cat "$d/ready.json"

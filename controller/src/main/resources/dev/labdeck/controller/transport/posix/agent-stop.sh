# Waits GRACE_TENTHS tenths of a second for the agent PID to exit after its shutdown request,
# then terminates its process group (or the process), then kills it; removes its token. Prints
# "terminated"/"killed" when it had to, and "alive" (exit 1) when even that failed.
# usage: agent-stop.sh PID GRACE_TENTHS TOKEN_FILE
P=$1 grace=$2 token=$3
# A dead agent may stay a zombie where nobody reaps orphans; that counts as gone.
alive() { if command -v ps >/dev/null 2>&1; then s=$(ps -o stat= -p $P 2>/dev/null | tr -d ' '); [ -n "$s" ] && [ "${s#Z}" = "$s" ]; else kill -0 $P 2>/dev/null; fi; }
i=0; while alive && [ $i -lt "$grace" ]; do sleep 0.1; i=$((i+1)); done
if alive; then echo terminated; kill -TERM -$P 2>/dev/null || kill -TERM $P 2>/dev/null; i=0; while alive && [ $i -lt 30 ]; do sleep 0.1; i=$((i+1)); done; fi
if alive; then echo killed; kill -KILL -$P 2>/dev/null || kill -KILL $P 2>/dev/null; sleep 0.2; fi
rm -f "$token"
if alive; then echo alive; exit 1; fi

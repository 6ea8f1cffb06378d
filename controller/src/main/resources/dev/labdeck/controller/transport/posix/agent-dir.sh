# Creates an agent launch's private directory and writes the agent's token into it from stdin.
# usage: agent-dir.sh DIR
d=$1
umask 077 && mkdir -p "$d" && chmod 700 "$d" && cat > "$d/token"

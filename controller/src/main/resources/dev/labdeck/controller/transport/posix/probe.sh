# What the host is: its home directory, kernel name and machine (uname -s, uname -m), one a line.
printf '%s\n' "$HOME"; uname -s; uname -m

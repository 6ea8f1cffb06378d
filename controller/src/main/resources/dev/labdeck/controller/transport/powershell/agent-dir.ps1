# Creates an agent launch's directory, readable by this user only, and writes the agent's token
# into it from stdin.
# parameters: $Dir
$ErrorActionPreference = 'Stop'
New-Item -ItemType Directory -Force -Path $Dir | Out-Null
icacls $Dir /inheritance:r /grant:r "$($env:USERNAME):(OI)(CI)F" | Out-Null
$token = [Console]::In.ReadToEnd().Trim()
[IO.File]::WriteAllText((Join-Path $Dir 'token'), "$token`n")

# Moves an uploaded agent jar beside its target $Dir and renames it into place, so a directory
# with the marker is always complete. (The bundle with its own runtime is for Linux x86-64 only:
# a Windows host runs the jar with the java: of its profile.)
# parameters: $Kind, $Upload, $Staging, $Dir, $Marker
$ErrorActionPreference = 'Stop'
if ($Kind -ne 'jar') { throw "a Windows host runs the agent jar, not a $Kind" }
New-Item -ItemType Directory -Force -Path $Staging | Out-Null
Move-Item -LiteralPath $Upload -Destination (Join-Path $Staging 'labdeck-agent.jar') -Force
New-Item -ItemType File -Force -Path (Join-Path $Staging $Marker) | Out-Null
if ((Test-Path -LiteralPath $Dir) -and -not (Test-Path -LiteralPath (Join-Path $Dir $Marker))) {
  Remove-Item -LiteralPath $Dir -Recurse -Force
}
if (Test-Path -LiteralPath $Dir) { Remove-Item -LiteralPath $Staging -Recurse -Force }
else { Move-Item -LiteralPath $Staging -Destination $Dir }
if (-not (Test-Path -LiteralPath (Join-Path $Dir $Marker))) { throw "the agent is not complete in $Dir" }

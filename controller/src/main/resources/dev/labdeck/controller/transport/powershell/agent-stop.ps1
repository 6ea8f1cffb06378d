# Waits $Grace tenths of a second for the agent $AgentPid to exit after its shutdown request, then
# ends it and every process it started (taskkill /T /F); removes its token. Prints "killed" when
# it had to, and "alive" (exit 1) when even that failed.
# parameters: $AgentPid, $Grace, $Token
$ErrorActionPreference = 'Continue'
function Alive { [bool](Get-Process -Id ([int]$AgentPid) -ErrorAction SilentlyContinue) }
for ($i = 0; (Alive) -and $i -lt [int]$Grace; $i++) { Start-Sleep -Milliseconds 100 }
if (Alive) {
  Write-Output 'killed'
  taskkill /PID $AgentPid /T /F | Out-Null
  for ($i = 0; (Alive) -and $i -lt 30; $i++) { Start-Sleep -Milliseconds 100 }
}
Remove-Item -LiteralPath $Token -Force -ErrorAction SilentlyContinue
if (Alive) { Write-Output 'alive'; exit 1 }
exit 0

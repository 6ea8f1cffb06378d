# Starts the agent detached in $Dir and waits for its ready file, which it prints. Started through
# WMI (Win32_Process.Create), not as a child of this session: Windows' OpenSSH puts a session's
# processes in a job that is killed when the session ends. Exit 3: the agent exited before it was
# ready; 4: not ready in $Tenths tenths of a second (both print the end of its console.log).
# parameters: $Dir, $Tenths, $Command (the agent's command line, each word already quoted for cmd.exe)
$ErrorActionPreference = 'Stop'
$log = Join-Path $Dir 'console.log'
$ready = Join-Path $Dir 'ready.json'
$line = "cmd.exe /d /s /c `"$Command > `"$log`" 2>&1`""
$r = Invoke-CimMethod -ClassName Win32_Process -MethodName Create -Arguments @{ CommandLine = $line; CurrentDirectory = $Dir }
if ($r.ReturnValue -ne 0) { [Console]::Error.WriteLine("cannot start the agent: Win32_Process.Create returned $($r.ReturnValue)"); exit 2 }
$shell = $r.ProcessId
for ($i = 0; -not ((Test-Path -LiteralPath $ready) -and (Get-Item -LiteralPath $ready).Length -gt 0); $i++) {
  if (-not (Get-Process -Id $shell -ErrorAction SilentlyContinue)) {
    [Console]::Error.WriteLine('agent exited before it was ready; console.log:')
    if (Test-Path -LiteralPath $log) { Get-Content -LiteralPath $log -Tail 30 | ForEach-Object { [Console]::Error.WriteLine($_) } }
    exit 3
  }
  if ($i -gt [int]$Tenths) {
    [Console]::Error.WriteLine('agent not ready in time; console.log:')
    if (Test-Path -LiteralPath $log) { Get-Content -LiteralPath $log -Tail 30 | ForEach-Object { [Console]::Error.WriteLine($_) } }
    exit 4
  }
  Start-Sleep -Milliseconds 100
}
Get-Content -LiteralPath $ready -Raw

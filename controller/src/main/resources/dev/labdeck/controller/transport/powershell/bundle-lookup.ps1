# Says "present" when the agent is already unpacked in $Dir, and touches its marker (the marker's
# time is the agent's last use). Agents unused for $Days days, and uploads or unpacks abandoned
# over an hour ago, are removed.
# parameters: $Cache, $Dir, $Marker, $Days
$ErrorActionPreference = 'Stop'
$m = Join-Path $Dir $Marker
if (Test-Path -LiteralPath $m) { (Get-Item -LiteralPath $m).LastWriteTime = Get-Date; Write-Output 'present' }
if (Test-Path -LiteralPath $Cache) {
  foreach ($d in Get-ChildItem -LiteralPath $Cache -Directory) {
    $dm = Join-Path $d.FullName $Marker
    if ((Test-Path -LiteralPath $dm) -and (Get-Item -LiteralPath $dm).LastWriteTime -lt (Get-Date).AddDays(-[int]$Days)) {
      Remove-Item -LiteralPath $d.FullName -Recurse -Force -ErrorAction SilentlyContinue
    }
    if (($d.Name -like '*.upload-*' -or $d.Name -like '*.tmp-*') -and $d.LastWriteTime -lt (Get-Date).AddHours(-1)) {
      Remove-Item -LiteralPath $d.FullName -Recurse -Force -ErrorAction SilentlyContinue
    }
  }
  Get-ChildItem -LiteralPath $Cache -File -Filter '*.upload-*' | Where-Object { $_.LastWriteTime -lt (Get-Date).AddHours(-1) } |
    Remove-Item -Force -ErrorAction SilentlyContinue
}
exit 0

# What the host is, as the POSIX probe prints it: home directory, system, machine, one a line.
$ErrorActionPreference = 'Stop'
Write-Output ($env:USERPROFILE -replace '\\', '/')
Write-Output 'Windows'
Write-Output $env:PROCESSOR_ARCHITECTURE

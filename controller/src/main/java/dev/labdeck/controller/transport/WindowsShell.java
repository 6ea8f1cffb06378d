package dev.labdeck.controller.transport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Windows hosts (OpenSSH for Windows): every step is a PowerShell script sent as
 * {@code -EncodedCommand}. The agent runs as a jar on the host's own Java 25 (the profile's
 * {@code java:}), started through WMI so it outlives the SSH session. Paths use forward slashes,
 * which Windows, PowerShell and its SFTP server all accept.
 */
record WindowsShell() implements HostShell {

    @Override
    public String probe() {
        return PowerShellScript.PROBE.command(Map.of());
    }

    @Override
    public String agentDir(String dir) {
        return PowerShellScript.AGENT_DIR.command(Map.of("Dir", dir));
    }

    @Override
    public String bundleLookup(String cache, String dir, String marker, int unusedDays) {
        return PowerShellScript.BUNDLE_LOOKUP.command(ordered("Cache", cache, "Dir", dir, "Marker", marker,
                "Days", Integer.toString(unusedDays)));
    }

    @Override
    public String bundleUnpack(String kind, String upload, String staging, String dir, String marker) {
        return PowerShellScript.BUNDLE_UNPACK.command(ordered("Kind", kind, "Upload", upload, "Staging", staging, "Dir", dir,
                "Marker", marker));
    }

    @Override
    public String agentStart(String dir, long waitTenths, List<String> command) {
        return PowerShellScript.AGENT_START.command(ordered("Dir", dir, "Tenths", Long.toString(waitTenths),
                "Command", cmdLine(command)));
    }

    @Override
    public String agentStop(long pid, long graceTenths, String tokenFile) {
        return PowerShellScript.AGENT_STOP.command(ordered("AgentPid", Long.toString(pid), "Grace", Long.toString(graceTenths),
                "Token", tokenFile));
    }

    @Override
    public String mkdir(String dir) {
        return PowerShellScript.encoded("New-Item -ItemType Directory -Force -Path " + PowerShellScript.quote(dir) + " | Out-Null");
    }

    @Override
    public String remove(List<String> paths) {
        return PowerShellScript.encoded(paths.stream()
                .map(p -> "Remove-Item -LiteralPath " + PowerShellScript.quote(p) + " -Recurse -Force -ErrorAction SilentlyContinue")
                .collect(Collectors.joining("\n")));
    }

    @Override
    public String exec(List<String> command) {
        String call = "& " + command.stream().map(PowerShellScript::quote).collect(Collectors.joining(" "));
        return PowerShellScript.encoded(call + "\nexit $LASTEXITCODE");
    }

    @Override
    public List<String> agentProgram(String deployDir, boolean bundled, String java) {
        return List.of(java, "--enable-native-access=ALL-UNNAMED", "-jar", deployDir + "/labdeck-agent.jar");
    }

    /**
     * A command line for cmd.exe and the C runtime's argument parsing: each word in double quotes,
     * inner quotes and the backslashes before them doubled as CommandLineToArgvW expects.
     */
    static String cmdLine(List<String> words) {
        List<String> quoted = new ArrayList<>();
        for (String w : words) {
            StringBuilder b = new StringBuilder("\"");
            int slashes = 0;
            for (char c : w.toCharArray()) {
                if (c == '\\') {
                    slashes++;
                    continue;
                }
                if (c == '"') {
                    b.append("\\".repeat(slashes * 2 + 1)).append('"');
                } else {
                    b.append("\\".repeat(slashes)).append(c);
                }
                slashes = 0;
            }
            b.append("\\".repeat(slashes * 2)).append('"');
            quoted.add(b.toString());
        }
        return String.join(" ", quoted);
    }

    private static Map<String, String> ordered(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}

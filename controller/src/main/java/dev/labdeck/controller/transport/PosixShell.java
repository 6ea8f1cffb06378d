package dev.labdeck.controller.transport;

import java.util.ArrayList;
import java.util.List;

/** Linux and macOS hosts: POSIX sh, whatever the login shell (each step is {@code sh -c SCRIPT NAME ARGS}). */
record PosixShell() implements HostShell {

    @Override
    public String probe() {
        return PosixScript.PROBE.command(List.of());
    }

    @Override
    public String agentDir(String dir) {
        return PosixScript.AGENT_DIR.command(List.of(dir));
    }

    @Override
    public String bundleLookup(String cache, String dir, String marker, int unusedDays) {
        return PosixScript.BUNDLE_LOOKUP.command(List.of(cache, dir, marker, Integer.toString(unusedDays)));
    }

    @Override
    public String bundleUnpack(String kind, String upload, String staging, String dir, String marker) {
        return PosixScript.BUNDLE_UNPACK.command(List.of(kind, upload, staging, dir, marker));
    }

    @Override
    public String agentStart(String dir, long waitTenths, List<String> command) {
        List<String> args = new ArrayList<>(List.of(dir, Long.toString(waitTenths)));
        args.addAll(command);
        return PosixScript.AGENT_START.command(args);
    }

    @Override
    public String agentStop(long pid, long graceTenths, String tokenFile) {
        return PosixScript.AGENT_STOP.command(List.of(Long.toString(pid), Long.toString(graceTenths), tokenFile));
    }

    @Override
    public String mkdir(String dir) {
        return "sh -c " + ShellQuote.quote("mkdir -p \"$1\"") + " mkdir " + ShellQuote.quote(dir);
    }

    @Override
    public String remove(List<String> paths) {
        List<String> words = new ArrayList<>(List.of("rm", "-rf", "--"));
        words.addAll(paths);
        return exec(words);
    }

    @Override
    public String exec(List<String> command) {
        return "sh -c " + ShellQuote.quote(ShellQuote.join(command));
    }

    @Override
    public List<String> agentProgram(String deployDir, boolean bundled, String java) {
        return bundled ? List.of(deployDir + "/bin/labdeck-agent")
                : List.of(java, "--enable-native-access=ALL-UNNAMED", "-jar", deployDir + "/labdeck-agent.jar");
    }
}

package dev.labdeck.controller.transport;

import java.util.List;

/**
 * How an SSH host runs LabDeck's deployment steps: POSIX sh on Linux and macOS ({@link PosixShell},
 * the scripts in {@code posix/}), PowerShell on Windows ({@link WindowsShell}, the scripts in
 * {@code powershell/}). Each method gives the command line the host's SSH server runs; values
 * travel as arguments or parameters, never pasted into a script's text.
 */
sealed interface HostShell permits PosixShell, WindowsShell {

    /** Prints the host's home directory, system ({@code Linux}, {@code Darwin}, {@code Windows}) and machine, one a line. */
    String probe();

    /** Creates {@code dir} for this user only and writes stdin to {@code dir/token}. */
    String agentDir(String dir);

    /** Prints {@code present} when the agent is unpacked in {@code dir}; prunes unused ones in {@code cache}. */
    String bundleLookup(String cache, String dir, String marker, int unusedDays);

    /** Unpacks an upload ({@code bundle} or {@code jar}) into {@code dir} through {@code staging}. */
    String bundleUnpack(String kind, String upload, String staging, String dir, String marker);

    /** Starts {@code command} detached in {@code dir}, waits for its ready file and prints it. */
    String agentStart(String dir, long waitTenths, List<String> command);

    /** Waits for the agent to exit, then ends it and what it started; removes its token. */
    String agentStop(long pid, long graceTenths, String tokenFile);

    String mkdir(String dir);

    String remove(List<String> paths);

    /** Runs a program with arguments, each passed as it is. */
    String exec(List<String> command);

    /** The command that starts the agent from its deployment directory. */
    List<String> agentProgram(String deployDir, boolean bundled, String java);

    /** The shell for a host whose probe said {@code system}. */
    static HostShell forSystem(String system) {
        return system.toLowerCase().startsWith("windows") ? new WindowsShell() : new PosixShell();
    }
}

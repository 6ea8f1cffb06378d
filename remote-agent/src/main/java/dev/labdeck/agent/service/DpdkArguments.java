package dev.labdeck.agent.service;

import java.util.ArrayList;
import java.util.List;

/**
 * What a service's command line tells about DPDK (its EAL file prefix, whether it is a secondary
 * process), and the same command line with the file prefix of this run.
 *
 * <p>DPDK keeps a process's runtime directory, config lock, telemetry socket and shared memory
 * under its file prefix, machine-wide: two runs (two labs on one machine, or two runs on one host)
 * that start the same profile would fight over {@code --file-prefix lbs}. So the agent runs
 * every service's prefix {@code X} as {@code X-<run tag>}, a tag unique to this agent (one agent
 * per host and run); a secondary naming its primary's prefix {@code X} gets the same mapping and
 * finds its primary. Profiles, probes and metrics keep speaking of {@code X}.
 */
final class DpdkArguments {
    private DpdkArguments() {}

    /** The value of {@code --file-prefix X} or {@code --file-prefix=X} among the EAL arguments, or null. */
    static String filePrefix(List<String> command) {
        int at = filePrefixIndex(command);
        if (at < 0) {
            return null;
        }
        String a = command.get(at);
        return a.startsWith("--file-prefix=") ? a.substring("--file-prefix=".length()) : command.get(at + 1);
    }

    /** True when the EAL arguments ask for {@code --proc-type secondary} (or =secondary). */
    static boolean secondary(List<String> command) {
        for (int i = 0; i < command.size(); i++) {
            String a = command.get(i);
            if (a.equals("--")) {
                return false;
            }
            if (a.equals("--proc-type=secondary") || a.equals("--proc-type") && i + 1 < command.size()
                    && command.get(i + 1).equals("secondary")) {
                return true;
            }
        }
        return false;
    }

    /** The command with its file prefix {@code X} replaced by {@code runPrefix}; unchanged without one. */
    static List<String> withFilePrefix(List<String> command, String runPrefix) {
        int at = filePrefixIndex(command);
        if (at < 0) {
            return command;
        }
        List<String> out = new ArrayList<>(command);
        if (out.get(at).startsWith("--file-prefix=")) {
            out.set(at, "--file-prefix=" + runPrefix);
        } else {
            out.set(at + 1, runPrefix);
        }
        return out;
    }

    /**
     * The kernel interfaces of the command's DPDK af_packet ports ({@code --vdev=net_af_packetN,iface=X,...}
     * or {@code --vdev net_af_packetN,iface=X}), in the order given.
     */
    static List<String> afPacketInterfaces(List<String> command) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < command.size(); i++) {
            String a = command.get(i);
            if (a.equals("--")) {
                break;
            }
            String vdev = a.startsWith("--vdev=") ? a.substring("--vdev=".length())
                    : (a.equals("--vdev") && i + 1 < command.size() ? command.get(i + 1) : null);
            if (vdev == null || !vdev.startsWith("net_af_packet")) {
                continue;
            }
            for (String kv : vdev.split(",")) {
                if (kv.startsWith("iface=") && kv.length() > "iface=".length()) {
                    out.add(kv.substring("iface=".length()));
                }
            }
        }
        return out;
    }

    /** The prefix {@code X} of a profile as this run's: {@code X-<runTag>}. */
    static String runPrefix(String profilePrefix, String runTag) {
        return profilePrefix + "-" + runTag;
    }

    private static int filePrefixIndex(List<String> command) {
        for (int i = 0; i < command.size(); i++) {
            String a = command.get(i);
            if (a.equals("--")) {
                // EAL arguments end here; the application's own follow
                return -1;
            }
            if (a.equals("--file-prefix") && i + 1 < command.size()) {
                return i;
            }
            if (a.startsWith("--file-prefix=")) {
                return i;
            }
        }
        return -1;
    }
}

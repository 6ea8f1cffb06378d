package dev.labdeck.agent.service;

import java.util.List;

/** What a service's command line tells about DPDK: its EAL file prefix, if it sets one. */
final class DpdkArguments {
    private DpdkArguments() {}

    /** The value of {@code --file-prefix X} or {@code --file-prefix=X}, or null. */
    static String filePrefix(List<String> command) {
        for (int i = 0; i < command.size(); i++) {
            String a = command.get(i);
            if (a.equals("--")) {
                // EAL arguments end here; the application's own follow
                return null;
            }
            if (a.equals("--file-prefix") && i + 1 < command.size()) {
                return command.get(i + 1);
            }
            if (a.startsWith("--file-prefix=")) {
                return a.substring("--file-prefix=".length());
            }
        }
        return null;
    }
}

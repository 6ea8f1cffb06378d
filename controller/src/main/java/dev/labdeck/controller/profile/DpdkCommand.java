package dev.labdeck.controller.profile;

import java.util.ArrayList;
import java.util.List;

/**
 * What a service's command line says to DPDK's EAL: the arguments before the first {@code --}
 * (the application's own follow it), e.g. {@code --file-prefix lbc} and {@code --no-huge}.
 */
public final class DpdkCommand {
    private DpdkCommand() {}

    /** The value of {@code --file-prefix X} or {@code --file-prefix=X} among the EAL arguments, or null. */
    public static String filePrefix(List<String> command) {
        return value(command, "--file-prefix");
    }

    /** The value of {@code --proc-type}, or null. */
    public static String procType(List<String> command) {
        return value(command, "--proc-type");
    }

    /** True when the EAL arguments have {@code flag} (e.g. {@code --no-huge}). */
    public static boolean has(List<String> command, String flag) {
        for (String a : command) {
            if (a.equals("--")) {
                return false;
            }
            if (a.equals(flag)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A secondary's command: {@code --proc-type secondary} and {@code --file-prefix primaryPrefix}
     * added to its EAL arguments (before the first {@code --}) when it does not say them itself.
     */
    public static List<String> asSecondary(List<String> command, String primaryPrefix) {
        List<String> add = new ArrayList<>();
        if (procType(command) == null) {
            add.addAll(List.of("--proc-type", "secondary"));
        }
        if (filePrefix(command) == null && primaryPrefix != null) {
            add.addAll(List.of("--file-prefix", primaryPrefix));
        }
        if (add.isEmpty()) {
            return command;
        }
        List<String> out = new ArrayList<>(command);
        int end = command.indexOf("--");
        out.addAll(end < 0 ? out.size() : end, add);
        return List.copyOf(out);
    }

    private static String value(List<String> command, String option) {
        for (int i = 0; i < command.size(); i++) {
            String a = command.get(i);
            if (a.equals("--")) {
                return null;
            }
            if (a.equals(option) && i + 1 < command.size()) {
                return command.get(i + 1);
            }
            if (a.startsWith(option + "=")) {
                return a.substring(option.length() + 1);
            }
        }
        return null;
    }
}

package dev.labdeck.controller.transport;

import java.util.List;
import java.util.stream.Collectors;

/** POSIX sh quoting for commands sent over SSH, where the remote login shell parses them. */
final class ShellQuote {
    private ShellQuote() {}

    static String quote(String arg) {
        if (!arg.isEmpty() && arg.chars().allMatch(c -> Character.isLetterOrDigit(c) || "@%+=:,./_-".indexOf(c) >= 0)) {
            return arg;
        }
        return "'" + arg.replace("'", "'\"'\"'") + "'";
    }

    static String join(List<String> args) {
        return args.stream().map(ShellQuote::quote).collect(Collectors.joining(" "));
    }
}

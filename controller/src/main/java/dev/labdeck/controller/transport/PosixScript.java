package dev.labdeck.controller.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A POSIX sh script that SSH hosts run, kept as a resource file in {@code posix/} beside this
 * class (readable and checkable with {@code sh -n} on its own). Values reach it as positional
 * arguments, never pasted into its text: {@code sh -c SCRIPT NAME ARG...}, each quoted once.
 */
record PosixScript(String name, String text) {

    static final PosixScript PROBE = load("probe.sh");
    static final PosixScript AGENT_DIR = load("agent-dir.sh");
    static final PosixScript BUNDLE_LOOKUP = load("bundle-lookup.sh");
    static final PosixScript BUNDLE_UNPACK = load("bundle-unpack.sh");
    static final PosixScript AGENT_START = load("agent-start.sh");
    static final PosixScript AGENT_STOP = load("agent-stop.sh");

    static PosixScript load(String name) {
        try (InputStream in = PosixScript.class.getResourceAsStream("posix/" + name)) {
            if (in == null) {
                throw new IllegalStateException("posix/" + name + " is missing beside " + PosixScript.class.getName());
            }
            return new PosixScript(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The command line an SSH server runs: {@code sh -c 'TEXT' NAME 'ARG'...}; {@code $0} is the script's name. */
    String command(List<String> args) {
        List<String> words = new ArrayList<>(List.of("sh", "-c", text, name));
        words.addAll(args);
        return ShellQuote.join(words);
    }
}

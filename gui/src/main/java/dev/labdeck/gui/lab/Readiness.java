package dev.labdeck.gui.lab;

import dev.labdeck.controller.profile.LinkSpec;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.ProfileWord;
import dev.labdeck.controller.profile.ReadinessKind;
import dev.labdeck.controller.profile.ServiceSpec;
import dev.labdeck.protocol.ReadinessProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A service's readiness as a form: its kind (the words of {@link ReadinessKind}, or none), then the
 * fields that kind has — a socket or file path, a port, a pattern, a DPDK file prefix and port, a
 * delay — each parsed on its own. Whether the value is acceptable is then the validator's call.
 */
final class Readiness {
    static final String CATEGORY = "Readiness";
    /** The kind's choice for a service that counts as ready once started. */
    static final String NONE = "none";

    private Readiness() {}

    static String kind(ReadinessProbe r) {
        return switch (r) {
            case null -> NONE;
            case ReadinessProbe.UnixSocket u -> ReadinessKind.UNIX_SOCKET.word();
            case ReadinessProbe.TcpPort t -> ReadinessKind.TCP_PORT.word();
            case ReadinessProbe.LogLine l -> ReadinessKind.LOG_LINE.word();
            case ReadinessProbe.DpdkLinkUp d -> ReadinessKind.DPDK_LINK_UP.word();
            case ReadinessProbe.FileExists f -> ReadinessKind.FILE_EXISTS.word();
            case ReadinessProbe.Delay d -> ReadinessKind.DELAY.word();
        };
    }

    static List<String> kinds() {
        List<String> out = new ArrayList<>();
        out.add(NONE);
        out.addAll(ProfileWord.words(ReadinessKind.class));
        return out;
    }

    /**
     * The probe a change of kind starts with, so the profile stays valid and the kind's fields show
     * something to edit: a path carried over from a path, else an example from the service itself
     * (the memif socket it is master of, its --file-prefix).
     */
    static ReadinessProbe starter(String kind, ServiceSpec s, Profile p) {
        if (kind == null || kind.equals(NONE)) return null;
        ReadinessKind k = ProfileWord.of(ReadinessKind.class, kind);
        if (k == null) throw new IllegalArgumentException("'" + kind + "' is not a readiness kind: " + String.join(", ", kinds()));
        String oldPath = switch (s.readiness()) {
            case ReadinessProbe.UnixSocket u -> u.path();
            case ReadinessProbe.FileExists f -> f.path();
            case null, default -> null;
        };
        return switch (k) {
            case UNIX_SOCKET -> new ReadinessProbe.UnixSocket(oldPath != null ? oldPath : memifSocket(s, p));
            case FILE_EXISTS -> new ReadinessProbe.FileExists(oldPath != null ? oldPath : "/run/" + s.name() + ".ready");
            case TCP_PORT -> new ReadinessProbe.TcpPort(8080);
            case LOG_LINE -> new ReadinessProbe.LogLine("ready");
            case DPDK_LINK_UP -> new ReadinessProbe.DpdkLinkUp(filePrefix(s), 0);
            case DELAY -> new ReadinessProbe.Delay(2000);
        };
    }

    private static String memifSocket(ServiceSpec s, Profile p) {
        for (LinkSpec l : p.links()) {
            if (l instanceof LinkSpec.Memif m && m.master().equals(s.name())) return m.socket();
        }
        return "/run/" + s.name() + ".sock";
    }

    /** The service's DPDK --file-prefix (as {@code --file-prefix X} or {@code --file-prefix=X}), or its name. */
    static String filePrefix(ServiceSpec s) {
        List<String> c = s.command();
        for (int i = 0; i < c.size(); i++) {
            if (c.get(i).equals("--file-prefix") && i + 1 < c.size()) return c.get(i + 1);
            if (c.get(i).startsWith("--file-prefix=")) return c.get(i).substring("--file-prefix=".length());
        }
        return s.name();
    }

    /**
     * The kind's own fields. Each gives {@code apply} a change of the probe as it is when the edit is
     * applied (not as it was when the form was built: a file prefix typed, then a port, keeps both).
     *
     * @param kindChange takes the word of the kind picked
     */
    static List<InspectorField> fields(ReadinessProbe r, Consumer<String> kindChange, Consumer<UnaryOperator<ReadinessProbe>> apply) {
        List<InspectorField> f = new ArrayList<>();
        f.add(InspectorField.choice(CATEGORY, "Kind", "When the service counts as ready (those after it start then): none, when started;"
                        + " unix_socket, a socket listens; tcp_port, a port listens; log_line, a line of its output matches;"
                        + " dpdk_link_up, DPDK telemetry says a port's link is up; file_exists; delay, a fixed wait."
                        + " A new kind starts with an example to edit below.",
                kind(r), kinds(), kindChange::accept));
        switch (r) {
            case null -> { }
            case ReadinessProbe.UnixSocket u -> f.add(InspectorField.text(CATEGORY, "Socket",
                    "The unix socket that listens once it is ready; @name is the abstract namespace", u.path(),
                    v -> apply.accept(x -> new ReadinessProbe.UnixSocket(v))));
            case ReadinessProbe.FileExists fe -> f.add(InspectorField.text(CATEGORY, "File",
                    "The file that exists once it is ready", fe.path(), v -> apply.accept(x -> new ReadinessProbe.FileExists(v))));
            case ReadinessProbe.TcpPort t -> f.add(InspectorField.text(CATEGORY, "Port",
                    "The TCP port that listens once it is ready (1-65535)", String.valueOf(t.port()),
                    v -> {
                        int port = port(v);
                        apply.accept(x -> new ReadinessProbe.TcpPort(port));
                    }));
            case ReadinessProbe.LogLine l -> f.add(InspectorField.text(CATEGORY, "Pattern",
                    "A regular expression a line of its stdout or stderr matches once it is ready, e.g. ^Start automatic packet forwarding",
                    l.pattern(), v -> apply.accept(x -> new ReadinessProbe.LogLine(v))));
            case ReadinessProbe.DpdkLinkUp d -> {
                f.add(InspectorField.text(CATEGORY, "File prefix", "The DPDK process's --file-prefix (its telemetry socket)",
                        d.filePrefix(), v -> apply.accept(x -> new ReadinessProbe.DpdkLinkUp(v, x instanceof ReadinessProbe.DpdkLinkUp c ? c.port() : 0))));
                f.add(InspectorField.text(CATEGORY, "DPDK port", "The DPDK port id whose link must be up (0, 1, ...)",
                        String.valueOf(d.port()), v -> {
                            int port = whole(v);
                            apply.accept(x -> new ReadinessProbe.DpdkLinkUp(x instanceof ReadinessProbe.DpdkLinkUp c ? c.filePrefix() : d.filePrefix(), port));
                        }));
            }
            case ReadinessProbe.Delay d -> f.add(InspectorField.text(CATEGORY, "Delay", "Ready this long after it started: 2s, 500ms",
                    Durations.format(Duration.ofMillis(d.millis())), v -> {
                        Duration t = Durations.parse(v);
                        if (t == null) throw new IllegalArgumentException("needs a duration such as 2s or 500ms");
                        apply.accept(x -> new ReadinessProbe.Delay(t.toMillis()));
                    }));
        }
        return f;
    }

    private static int port(String v) {
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + v + "' is not a port number (1-65535)");
        }
    }

    private static int whole(String v) {
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + v + "' is not a whole number (a DPDK port id: 0, 1, ...)");
        }
    }
}

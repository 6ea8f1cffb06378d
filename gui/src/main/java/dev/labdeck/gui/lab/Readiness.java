package dev.labdeck.gui.lab;

import dev.labdeck.protocol.ReadinessProbe;

/** A service's readiness probe as one line of text in the inspector: {@code KIND ARGUMENTS}. */
final class Readiness {
    private Readiness() {}

    static String format(ReadinessProbe r) {
        return switch (r) {
            case null -> "";
            case ReadinessProbe.UnixSocket u -> "unix_socket " + u.path();
            case ReadinessProbe.TcpPort t -> "tcp_port " + t.port();
            case ReadinessProbe.LogLine l -> "log_line " + l.pattern();
            case ReadinessProbe.DpdkLinkUp d -> "dpdk_link_up " + d.filePrefix() + " " + d.port();
            case ReadinessProbe.FileExists f -> "file_exists " + f.path();
            case ReadinessProbe.Delay d -> "delay " + Durations.format(java.time.Duration.ofMillis(d.millis()));
        };
    }

    static ReadinessProbe parse(String v) {
        if (v == null || v.isBlank()) return null;
        String t = v.strip();
        int sp = t.indexOf(' ');
        String kind = sp < 0 ? t : t.substring(0, sp);
        String arg = sp < 0 ? "" : t.substring(sp + 1).strip();
        if (arg.isEmpty()) throw new IllegalArgumentException("'" + kind + "' needs what to wait for, e.g. unix_socket @/run/memif.sock");
        try {
            return switch (kind) {
                case "unix_socket" -> new ReadinessProbe.UnixSocket(arg);
                case "tcp_port" -> new ReadinessProbe.TcpPort(Integer.parseInt(arg));
                case "log_line" -> new ReadinessProbe.LogLine(arg);
                case "file_exists" -> new ReadinessProbe.FileExists(arg);
                case "delay" -> new ReadinessProbe.Delay(Durations.parse(arg).toMillis());
                case "dpdk_link_up" -> {
                    String[] a = arg.split("\\s+");
                    yield new ReadinessProbe.DpdkLinkUp(a[0], a.length > 1 ? Integer.parseInt(a[1]) : 0);
                }
                default -> throw new IllegalArgumentException("unknown readiness kind '" + kind
                        + "': unix_socket, tcp_port, log_line, dpdk_link_up, file_exists or delay");
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + arg + "' is not a number");
        }
    }
}

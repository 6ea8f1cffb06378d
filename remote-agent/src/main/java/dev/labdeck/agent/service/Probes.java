package dev.labdeck.agent.service;

import dev.labdeck.nativeio.dpdk.DpdkTelemetry;
import dev.labdeck.nativeio.dpdk.DpdkTelemetryException;
import dev.labdeck.protocol.ReadinessProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** Evaluates a {@link ReadinessProbe} for one service, and says in words what it waits for. */
final class Probes {
    private Probes() {}

    /** @param runPrefix the file prefix of this run for a profile's DPDK file prefix */
    static boolean isReady(ReadinessProbe probe, SupervisedService service, long nowMs, UnaryOperator<String> runPrefix) {
        return switch (probe) {
            case ReadinessProbe.UnixSocket u -> ListeningSockets.unixListening(u.path());
            case ReadinessProbe.TcpPort t -> ListeningSockets.tcpListening(t.port());
            case ReadinessProbe.LogLine l -> service.logLineMatched();
            case ReadinessProbe.FileExists f -> Files.exists(service.resolve(Path.of(f.path())));
            case ReadinessProbe.Delay d -> nowMs - service.startedAtMs() >= d.millis();
            case ReadinessProbe.DpdkLinkUp d -> dpdkLinkUp(runPrefix.apply(d.filePrefix()), d.port());
        };
    }

    private static boolean dpdkLinkUp(String filePrefix, int port) {
        try (DpdkTelemetry t = DpdkTelemetry.connect(filePrefix)) {
            return t.linkStatus(port).up();
        } catch (DpdkTelemetryException | RuntimeException e) {
            // not up yet: the runtime directory or the port appears while the process initialises
            return false;
        }
    }

    /** E.g. "unix socket @/run/memif.sock listening". */
    static String describe(ReadinessProbe probe) {
        if (probe == null) {
            return "started";
        }
        return switch (probe) {
            case ReadinessProbe.UnixSocket u -> "unix socket " + u.path() + " listening";
            case ReadinessProbe.TcpPort t -> "TCP port " + t.port() + " listening";
            case ReadinessProbe.LogLine l -> "a log line matching /" + l.pattern() + "/";
            case ReadinessProbe.FileExists f -> "file " + f.path() + " exists";
            case ReadinessProbe.Delay d -> d.millis() + " ms after start";
            case ReadinessProbe.DpdkLinkUp d -> "DPDK process '" + d.filePrefix() + "' port " + d.port() + " link up";
        };
    }
}

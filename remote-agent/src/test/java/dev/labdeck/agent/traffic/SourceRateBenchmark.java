package dev.labdeck.agent.traffic;

import dev.labdeck.protocol.Flow;
import dev.labdeck.protocol.SinkStart;
import dev.labdeck.protocol.SinkStatus;
import dev.labdeck.protocol.TrafficStart;
import dev.labdeck.protocol.TrafficStatus;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Not a test: prints the traffic source's achieved rate against the requested one (10k, 50k,
 * 100k pps, 4 flows, 64 B, over loopback into the agent's own sink), as ratios. Run after
 * {@code ./mvnw -pl remote-agent -am package -DskipTests}:
 * {@code java -cp remote-agent/target/test-classes:remote-agent/target/labdeck-agent.jar dev.labdeck.agent.traffic.SourceRateBenchmark [seconds]}
 */
public final class SourceRateBenchmark {
    private SourceRateBenchmark() {}

    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 3;
        System.out.printf(Locale.ROOT, "%-10s %12s %12s %8s %12s %10s%n", "requested", "sent", "achieved", "ratio", "received", "rx ratio");
        for (long pps : new long[] {10_000, 50_000, 100_000}) {
            List<Integer> ports = freePorts(4);
            TrafficSink sink = new TrafficSink(new SinkStart("127.0.0.1", ports));
            sink.start();
            List<Flow> flows = new ArrayList<>();
            for (int i = 0; i < ports.size(); i++) flows.add(new Flow(i + 1, ports.get(i), 0));
            CompletableFuture<TrafficStatus> finished = new CompletableFuture<>();
            TrafficSource source = new TrafficSource(new TrafficStart("127.0.0.1", null, flows, pps, 64, seconds * 1000), finished::complete);
            source.start();
            TrafficStatus sent = finished.get(seconds * 10 + 10, TimeUnit.SECONDS);
            SinkStatus received = sink.stop();
            double elapsed = (sent.endedAtMs() - sent.startedAtMs()) / 1000.0;
            double achieved = sent.packets() / elapsed;
            System.out.printf(Locale.ROOT, "%-10d %12d %12.0f %8.3f %12d %10.4f%n", pps, sent.packets(), achieved, achieved / pps,
                    received.packets(), received.packets() / (double) sent.packets());
        }
    }

    private static List<Integer> freePorts(int n) throws Exception {
        List<DatagramSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) held.add(new DatagramSocket(0, InetAddress.getLoopbackAddress()));
            return held.stream().map(DatagramSocket::getLocalPort).toList();
        } finally {
            held.forEach(DatagramSocket::close);
        }
    }
}

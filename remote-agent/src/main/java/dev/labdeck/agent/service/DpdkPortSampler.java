package dev.labdeck.agent.service;

import dev.labdeck.nativeio.Libc;
import dev.labdeck.nativeio.dpdk.DpdkPortStats;
import dev.labdeck.nativeio.dpdk.DpdkProcess;
import dev.labdeck.nativeio.dpdk.DpdkRuntime;
import dev.labdeck.nativeio.dpdk.DpdkTelemetry;
import dev.labdeck.nativeio.dpdk.DpdkTelemetryException;
import dev.labdeck.protocol.Metrics;
import dev.labdeck.protocol.Sample;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Port counters of every DPDK process on the host, as samples labelled {@code process=<file-prefix>}
 * and {@code port=N}. A process that is gone or not yet serving telemetry is skipped.
 */
public final class DpdkPortSampler {
    private static final Logger log = LoggerFactory.getLogger(DpdkPortSampler.class);

    public void sample(long timeMs, List<Sample> into) {
        if (Libc.unavailableReason() != null) {
            return;
        }
        for (DpdkProcess p : DpdkRuntime.discover()) {
            try (DpdkTelemetry t = DpdkTelemetry.connect(p)) {
                for (int port : t.ports()) {
                    DpdkPortStats s = t.stats(port);
                    Map<String, String> labels = Map.of("process", p.filePrefix(), "port", Integer.toString(port));
                    into.add(new Sample(timeMs, Metrics.DPDK_RX_PACKETS, labels, s.rxPackets()));
                    into.add(new Sample(timeMs, Metrics.DPDK_TX_PACKETS, labels, s.txPackets()));
                    into.add(new Sample(timeMs, Metrics.DPDK_RX_BYTES, labels, s.rxBytes()));
                    into.add(new Sample(timeMs, Metrics.DPDK_TX_BYTES, labels, s.txBytes()));
                    into.add(new Sample(timeMs, Metrics.DPDK_RX_MISSED, labels, s.rxMissed()));
                    into.add(new Sample(timeMs, Metrics.DPDK_RX_ERRORS, labels, s.rxErrors()));
                    into.add(new Sample(timeMs, Metrics.DPDK_TX_ERRORS, labels, s.txErrors()));
                    into.add(new Sample(timeMs, Metrics.DPDK_RX_NOMBUF, labels, s.rxNoMbuf()));
                }
            } catch (DpdkTelemetryException e) {
                log.debug("DPDK process {} skipped: {}", p.filePrefix(), e.getMessage());
            }
        }
    }
}

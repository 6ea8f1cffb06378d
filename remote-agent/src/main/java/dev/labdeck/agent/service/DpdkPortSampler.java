package dev.labdeck.agent.service;

import dev.labdeck.nativeio.Libc;
import dev.labdeck.nativeio.dpdk.DpdkPortStats;
import dev.labdeck.nativeio.dpdk.DpdkTelemetry;
import dev.labdeck.nativeio.dpdk.DpdkTelemetryException;
import dev.labdeck.protocol.Metrics;
import dev.labdeck.protocol.Sample;
import dev.labdeck.protocol.DpdkPortCounters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Port counters of the run's own DPDK services (never of other DPDK processes on the machine,
 * such as another lab's), as samples labelled {@code service=<name>}, {@code process=<the
 * profile's file prefix>} and {@code port=N}. Secondaries share their primary's ports and are
 * not counted twice. A process not yet serving telemetry is skipped.
 */
public final class DpdkPortSampler {
    private static final Logger log = LoggerFactory.getLogger(DpdkPortSampler.class);

    /** One reading of every port of the run's DPDK services, with each port's device name. */
    public List<DpdkPortCounters> snapshot(ServiceSupervisor supervisor) {
        List<DpdkPortCounters> out = new ArrayList<>();
        if (supervisor == null || Libc.unavailableReason() != null) {
            return out;
        }
        for (SupervisedService s : supervisor.dpdkPrimaries()) {
            try (DpdkTelemetry t = DpdkTelemetry.connect(s.dpdkRunPrefix)) {
                for (int port : t.ports()) {
                    String device = t.deviceName(port);
                    DpdkPortStats p = t.stats(port);
                    out.add(new DpdkPortCounters(s.name(), s.dpdkFilePrefix, port, device, System.currentTimeMillis(),
                            p.rxPackets(), p.txPackets(), p.rxBytes(), p.txBytes(), p.rxErrors(), p.txErrors(),
                            p.rxMissed(), p.rxNoMbuf()));
                }
            } catch (DpdkTelemetryException e) {
                log.info("DPDK service {}: no port counters: {}", s.name(), e.getMessage());
            }
        }
        return out;
    }

    public void sample(ServiceSupervisor supervisor, long timeMs, List<Sample> into) {
        if (supervisor == null || Libc.unavailableReason() != null) {
            return;
        }
        for (SupervisedService s : supervisor.dpdkPrimaries()) {
            try (DpdkTelemetry t = DpdkTelemetry.connect(s.dpdkRunPrefix)) {
                for (int port : t.ports()) {
                    DpdkPortStats p = t.stats(port);
                    Map<String, String> labels = Map.of("service", s.name(), "process", s.dpdkFilePrefix,
                            "port", Integer.toString(port));
                    into.add(new Sample(timeMs, Metrics.DPDK_RX_PACKETS, labels, p.rxPackets()));
                    into.add(new Sample(timeMs, Metrics.DPDK_TX_PACKETS, labels, p.txPackets()));
                    into.add(new Sample(timeMs, Metrics.DPDK_RX_BYTES, labels, p.rxBytes()));
                    into.add(new Sample(timeMs, Metrics.DPDK_TX_BYTES, labels, p.txBytes()));
                    into.add(new Sample(timeMs, Metrics.DPDK_RX_MISSED, labels, p.rxMissed()));
                    into.add(new Sample(timeMs, Metrics.DPDK_RX_ERRORS, labels, p.rxErrors()));
                    into.add(new Sample(timeMs, Metrics.DPDK_TX_ERRORS, labels, p.txErrors()));
                    into.add(new Sample(timeMs, Metrics.DPDK_RX_NOMBUF, labels, p.rxNoMbuf()));
                }
            } catch (DpdkTelemetryException e) {
                log.debug("DPDK service {} skipped: {}", s.name(), e.getMessage());
            }
        }
    }
}

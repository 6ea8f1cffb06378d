package dev.labdeck.controller.link;

/**
 * What the kernel counted on one end of a link during a run (the difference between the
 * interface's counters before PREPARE and at TEARDOWN), as reported by the host's agent.
 */
public record LinkEndCounters(String host, String interfaceName, long rxPackets, long txPackets, long rxBytes,
                              long txBytes, long rxDrops, long txDrops) {

    LinkEndCounters minus(LinkEndCounters before) {
        return new LinkEndCounters(host, interfaceName, rxPackets - before.rxPackets, txPackets - before.txPackets,
                rxBytes - before.rxBytes, txBytes - before.txBytes, rxDrops - before.rxDrops, txDrops - before.txDrops);
    }
}

package dev.labdeck.agent.metrics;

import dev.labdeck.protocol.Metrics;
import dev.labdeck.protocol.Sample;
import java.util.TreeSet;

/** Run inside a network namespace by {@link NamespaceInterfacesTest}: prints the interfaces the agent's metrics see. */
public final class NamespaceProbe {
    private NamespaceProbe() {}

    public static void main(String[] args) {
        TreeSet<String> names = new TreeSet<>();
        for (Sample s : new SystemMetrics().read(System.currentTimeMillis())) {
            if (s.metric().equals(Metrics.IF_RX_PACKETS)) names.add(s.labels().get("iface"));
        }
        System.out.println("interfaces=" + String.join(",", names));
    }
}

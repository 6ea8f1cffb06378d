package dev.labdeck.controller.lab;

import dev.labdeck.controller.transport.CommandResult;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code ethtool} inside a lab host's namespace, for the offloads the lab sets: GRO on the data
 * link, because a veth delivers frames an XDP program transmits (XDP_TX, redirect) only when the
 * receiving end has an XDP program or GRO on.
 */
final class Ethtool {
    private final Iproute2 ip;

    Ethtool(Iproute2 ip) {
        this.ip = ip;
    }

    /** {@code ethtool -K DEV gro on} in the namespace. */
    void enableGro(String namespace, String device) throws LabException {
        CommandResult r = ip.exec(namespace, List.of(ethtool(), "-K", device, "gro", "on"));
        if (!r.ok()) {
            throw new LabException("cannot turn GRO on for " + device + " in " + namespace + " (exit " + r.exitCode() + "): "
                    + r.stderr().strip());
        }
    }

    /**
     * Checksum offload, TSO, GSO and GRO off: a DPDK {@code net_af_packet} port forwards frames as
     * it reads them, so a frame must leave the sender complete (its checksum filled in, no larger
     * than the MTU) and arrive at the load balancer unmerged.
     */
    void disableOffloads(String namespace, String device) throws LabException {
        CommandResult r = ip.exec(namespace, List.of(ethtool(), "-K", device, "tx", "off", "tso", "off", "gso", "off",
                "gro", "off"));
        if (!r.ok()) {
            throw new LabException("cannot turn offloads off for " + device + " in " + namespace + " (exit "
                    + r.exitCode() + "): " + r.stderr().strip());
        }
    }

    /** True when {@code ethtool -k DEV} in the namespace says {@code generic-receive-offload: on}. */
    boolean groOn(String namespace, String device) throws LabException {
        CommandResult r = ip.exec(namespace, List.of(ethtool(), "-k", device));
        return r.ok() && r.stdout().lines().map(String::strip).anyMatch(l -> l.equals("generic-receive-offload: on"));
    }

    private static String ethtool() {
        return LabPreconditions.find("ethtool").map(Path::toString).orElse("ethtool");
    }
}

package dev.labdeck.controller.lab;

/**
 * The veth data link between {@code src} and {@code dst}, on its own subnet, with permanent
 * neighbour entries both ways so traffic over it never needs ARP (which an XDP program on
 * {@code dst} may drop).
 */
public record LabDataLink(String subnet, End src, End dst) {

    /** One end of the link, inside a host's namespace. */
    public record End(String host, String namespace, String interfaceName, String address, String mac) {}
}

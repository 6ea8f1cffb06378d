package dev.labdeck.controller.profile;

/** A link of the lab topology. */
public sealed interface LinkSpec {
    String name();

    /** An L2/L3 link between two hosts' interfaces (a cable, a veth pair). */
    record Ethernet(String name, Endpoint a, Endpoint b) implements LinkSpec {}

    /** A shared-memory link: {@code master} creates the socket, {@code slave} connects to it. */
    record Memif(String name, String host, String master, String slave, String socket) implements LinkSpec {}

    /** @param address IP address on the interface, or null */
    record Endpoint(String host, String interfaceName, String address) {}
}

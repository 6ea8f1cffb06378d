package dev.labdeck.gui.lab;

/** What the inspector shows: one host, link, XDP attachment or service of the profile. */
public sealed interface LabSelection {
    record Host(String name) implements LabSelection {}

    record Link(String name) implements LabSelection {}

    /** XDP entries have no name; {@code index} is their place in the profile's xdp list. */
    record Xdp(int index) implements LabSelection {}

    record Service(String host, String name) implements LabSelection {}

    /** The profile itself: name and traffic. */
    record Test() implements LabSelection {}
}

package dev.labdeck.gui.lab;

/**
 * A link as the canvas draws it: from one host to another (ethernet), or a memif from its master
 * to its slave, which may be two services on the same host ({@code withinHost}).
 */
public record LinkLine(String name, Kind kind, String fromHost, String toHost, String fromLabel, String toLabel,
                       boolean withinHost) {
    public enum Kind { ETHERNET, MEMIF }
}

package dev.labdeck.gui.run;

/** The live charts of the Run view and the unit of their y axis. */
public enum ChartKind {
    TRAFFIC("Traffic", "packets/s"),
    RATE("Achieved vs requested", "packets/s"),
    LATENCY("Latency", "µs"),
    HTTP("HTTP", "per second"),
    CPU("CPU per core", "% busy"),
    INTERFACE("Interfaces", "packets/s"),
    XDP("XDP per flow", "packets/s"),
    DPDK("DPDK ports", "packets/s");

    public final String title;
    public final String unit;

    ChartKind(String title, String unit) {
        this.title = title;
        this.unit = unit;
    }
}

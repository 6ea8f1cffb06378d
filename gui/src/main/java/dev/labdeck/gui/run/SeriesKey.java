package dev.labdeck.gui.run;

/** Names one line of one chart: e.g. CPU, host dst, "core 3". */
public record SeriesKey(ChartKind chart, String host, String label) {
    public String displayName() {
        return host == null ? label : host + " " + label;
    }
}

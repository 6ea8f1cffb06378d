package dev.labdeck.controller.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A small line chart as inline SVG, so report.html needs nothing from the network. */
final class SvgChart {
    /** One line: points as {time ms, value}, in time order. */
    record Series(String name, List<double[]> points) {}

    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
            "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
    private static final int W = 880;
    private static final int H = 260;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 20;
    private static final int BOTTOM = 40;
    /** Enough points for a smooth line at this width; longer series are averaged into buckets. */
    static final int MAX_POINTS = 440;

    private SvgChart() {}

    static String render(String title, String unit, List<Series> series) {
        List<Series> shown = new ArrayList<>();
        for (Series s : series) {
            if (!s.points().isEmpty()) shown.add(new Series(s.name(), downsample(s.points(), MAX_POINTS)));
        }
        StringBuilder b = new StringBuilder();
        b.append("<figure><figcaption>").append(HtmlReport.esc(title)).append("</figcaption>\n");
        if (shown.isEmpty()) {
            return b.append("<p class=\"muted\">No samples of this figure were recorded.</p></figure>\n").toString();
        }
        double t0 = Double.MAX_VALUE, t1 = -Double.MAX_VALUE, vmax = 0;
        for (Series s : shown) {
            for (double[] p : s.points()) {
                t0 = Math.min(t0, p[0]);
                t1 = Math.max(t1, p[0]);
                vmax = Math.max(vmax, p[1]);
            }
        }
        if (t1 <= t0) t1 = t0 + 1000;
        double ymax = niceCeiling(vmax <= 0 ? 1 : vmax * 1.05);
        if ("%".equals(unit) && vmax <= 100) ymax = 100; // a core cannot be busier than 100 %: no 200 % axis
        double pw = W - LEFT - RIGHT, ph = H - TOP - BOTTOM;
        b.append(String.format(Locale.ROOT, "<svg viewBox=\"0 0 %d %d\" width=\"100%%\" role=\"img\" aria-label=\"%s\">%n",
                W, H, HtmlReport.esc(title)));
        for (int i = 0; i <= 4; i++) {
            double v = ymax * i / 4;
            double y = TOP + ph - ph * i / 4;
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                            + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" font-size=\"11\">%s</text>%n",
                    LEFT, y, W - RIGHT, y, LEFT - 6, y + 4, HtmlReport.esc(axis(v) + unit)));
        }
        double seconds = (t1 - t0) / 1000.0;
        for (int i = 0; i <= 5; i++) {
            double x = LEFT + pw * i / 5;
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"11\">%s s</text>%n",
                    x, H - BOTTOM + 16, axis(seconds * i / 5)));
        }
        b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%.0f\" fill=\"none\" stroke=\"#999\"/>%n",
                LEFT, TOP, pw, ph));
        for (int i = 0; i < shown.size(); i++) {
            Series s = shown.get(i);
            String color = COLORS[i % COLORS.length];
            StringBuilder pts = new StringBuilder();
            for (double[] p : s.points()) {
                double x = LEFT + pw * (p[0] - t0) / (t1 - t0);
                double y = TOP + ph - ph * Math.min(p[1], ymax) / ymax;
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            b.append("<polyline fill=\"none\" stroke-width=\"1.8\" stroke=\"").append(color).append("\" points=\"")
                    .append(pts.toString().trim()).append("\"/>\n");
            b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                            + "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>%n",
                    LEFT + 10 + 120 * (i % 6), H - 14 + 0, color, LEFT + 24 + 120 * (i % 6), H - 5, HtmlReport.esc(s.name())));
        }
        return b.append("</svg></figure>\n").toString();
    }

    /** Averages consecutive points into at most {@code max} buckets, keeping the time span. */
    static List<double[]> downsample(List<double[]> points, int max) {
        if (points.size() <= max) return points;
        List<double[]> out = new ArrayList<>(max);
        double per = (double) points.size() / max;
        for (int i = 0; i < max; i++) {
            int from = (int) Math.floor(i * per), to = (int) Math.min(points.size(), Math.floor((i + 1) * per));
            double t = 0, v = 0;
            for (int j = from; j < to; j++) {
                t += points.get(j)[0];
                v += points.get(j)[1];
            }
            int n = Math.max(1, to - from);
            out.add(new double[] {t / n, v / n});
        }
        return out;
    }

    private static double niceCeiling(double v) {
        double mag = Math.pow(10, Math.floor(Math.log10(v)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * mag >= v) return step * mag;
        }
        return 10 * mag;
    }

    private static String axis(double v) {
        if (v >= 1_000_000) return trim(v / 1_000_000) + "M";
        if (v >= 10_000) return trim(v / 1_000) + "k";
        return trim(v);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }
}

package dev.labdeck.controller.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Small line charts as inline SVG, so report.html needs nothing from the network. Every line has
 * its own colour, width and dash pattern, drawn widest first: two lines with the same values (tx
 * and rx of a loss-free run) stay both visible, the wide one as a band around the thin one.
 */
final class SvgChart {
    /** One line: points as {x, y}; for time charts x is epoch ms. */
    record Series(String name, List<double[]> points) {}

    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
            "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
    private static final String[] DASHES = {"", "7 4", "2 3", "10 3 2 3", "4 4"};
    private static final int W = 880;
    private static final int H = 250;
    private static final int LEFT = 70;
    private static final int RIGHT = 30;
    private static final int TOP = 14;
    private static final int BOTTOM = 36;
    /** Enough points for a smooth line at this width; longer series are averaged into buckets. */
    static final int MAX_POINTS = 440;

    private SvgChart() {}

    /** A chart over time: x axis in seconds from the first sample. */
    static String render(String title, String unit, List<Series> series) {
        return render(title, unit, series, null, false);
    }

    /**
     * A chart of y against x (a curve over a sweep's steps), with a marker on every point.
     *
     * @param xLabel what x is, with its unit ("offered rate, pps")
     * @param logX   a log scale for x (rates over decades)
     */
    static String curve(String title, String unit, String xLabel, List<Series> series, boolean logX) {
        return render(title, unit, series, xLabel, logX);
    }

    private static String render(String title, String unit, List<Series> series, String xLabel, boolean logX) {
        boolean time = xLabel == null;
        List<Series> shown = new ArrayList<>();
        for (Series s : series) {
            List<double[]> pts = s.points().stream().filter(p -> Double.isFinite(p[1]) && (!logX || p[0] > 0)).toList();
            if (!pts.isEmpty()) shown.add(new Series(s.name(), time ? downsample(pts, MAX_POINTS) : pts));
        }
        StringBuilder b = new StringBuilder();
        b.append("<figure><figcaption>").append(HtmlReport.esc(title)).append("</figcaption>\n");
        if (shown.isEmpty()) {
            return b.append("<p class=\"muted\">No samples of this figure were recorded.</p></figure>\n").toString();
        }
        double x0 = Double.MAX_VALUE, x1 = -Double.MAX_VALUE, vmax = 0;
        for (Series s : shown) {
            for (double[] p : s.points()) {
                x0 = Math.min(x0, p[0]);
                x1 = Math.max(x1, p[0]);
                vmax = Math.max(vmax, p[1]);
            }
        }
        if (logX) {
            x0 = Math.log10(x0);
            x1 = Math.log10(x1);
        }
        if (x1 <= x0) {
            double pad = time ? 1000 : Math.max(Math.abs(x0) * 0.1, 1e-9);
            x0 -= time ? 0 : pad;
            x1 = x1 + pad;
        }
        double ymax = niceCeiling(vmax <= 0 ? 1 : vmax * 1.05);
        if ("%".equals(unit.trim()) && vmax <= 100) ymax = 100; // a core cannot be busier than 100 %: no 200 % axis
        double pw = W - LEFT - RIGHT, ph = H - TOP - BOTTOM;
        b.append(String.format(Locale.ROOT, "<svg viewBox=\"0 0 %d %d\" width=\"100%%\" role=\"img\" aria-label=\"%s\">%n",
                W, H, HtmlReport.esc(title)));
        for (int i = 0; i <= 4; i++) {
            double v = ymax * i / 4;
            double y = TOP + ph - ph * i / 4;
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e4e4e4\"/>"
                            + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" font-size=\"11\">%s</text>%n",
                    LEFT, y, W - RIGHT, y, LEFT - 6, y + 4, HtmlReport.esc(axis(v) + unit)));
        }
        for (int i = 0; i <= 5; i++) {
            double x = LEFT + pw * i / 5;
            double xv = x0 + (x1 - x0) * i / 5;
            String label = time ? axis((xv - x0) / 1000.0) + " s" : axis(logX ? Math.pow(10, xv) : xv);
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"11\">%s</text>%n",
                    x, H - BOTTOM + 15, HtmlReport.esc(label)));
        }
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"11\" fill=\"#555\">%s</text>%n",
                W - RIGHT, H - 4, HtmlReport.esc(time ? "time since the first sample" : xLabel + (logX ? " (log scale)" : ""))));
        b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%.0f\" fill=\"none\" stroke=\"#999\"/>%n",
                LEFT, TOP, pw, ph));
        StringBuilder legend = new StringBuilder("<div class=\"legend\">");
        for (int i = 0; i < shown.size(); i++) {
            Series s = shown.get(i);
            String color = COLORS[i % COLORS.length];
            String dash = DASHES[(i / 1) % DASHES.length];
            // the first lines are the widest and are drawn first, so equal lines show as band and core
            double width = shown.size() == 1 ? 2.0 : i == 0 ? 6.5 : 2.0;
            StringBuilder pts = new StringBuilder();
            List<String> markers = new ArrayList<>();
            for (double[] p : s.points()) {
                double xv = logX ? Math.log10(p[0]) : p[0];
                double x = LEFT + pw * (xv - x0) / (x1 - x0);
                double y = TOP + ph - ph * Math.min(p[1], ymax) / ymax;
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                if (!time) markers.add(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.2\" fill=\"%s\"/>", x, y, color));
            }
            b.append("<polyline fill=\"none\" stroke-linejoin=\"round\" stroke-width=\"").append(fmt1(width))
                    .append("\" stroke=\"").append(color).append('"')
                    .append(dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\"")
                    .append(i == 0 && shown.size() > 1 ? " stroke-opacity=\"0.55\"" : "")
                    .append(" points=\"").append(pts.toString().trim()).append("\"/>\n");
            markers.forEach(m -> b.append(m).append('\n'));
            legend.append("<span><svg width=\"34\" height=\"10\"><line x1=\"0\" y1=\"5\" x2=\"34\" y2=\"5\" stroke=\"").append(color)
                    .append("\" stroke-width=\"").append(fmt1(Math.min(width, 4))).append('"')
                    .append(dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\"").append("/></svg> ")
                    .append(HtmlReport.esc(s.name())).append("</span>");
        }
        b.append("</svg>\n").append(legend).append("</div></figure>\n");
        return b.toString();
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

    static String axis(double v) {
        double a = Math.abs(v);
        if (a >= 1e9) return trim(v / 1e9) + "G";
        if (a >= 1_000_000) return trim(v / 1_000_000) + "M";
        if (a >= 10_000) return trim(v / 1_000) + "k";
        return trim(v);
    }

    private static String trim(double v) {
        if (v == Math.rint(v)) return Long.toString((long) v);
        return Math.abs(v) < 1 ? String.format(Locale.ROOT, "%.2f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String fmt1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}

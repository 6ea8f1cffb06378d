package dev.labdeck.controller.compare;

import dev.labdeck.controller.results.ThresholdEvaluator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The comparison as one self-contained HTML page (no scripts, nothing from the network): the runs,
 * the settings that differ, every figure with each run's value, change and verdict, and the
 * {@code --fail-if} rules with their outcome.
 */
public final class ComparisonHtml {

    private ComparisonHtml() {}

    /**
     * @param comparisons A against each other run, in order (all share the same A)
     * @param rules       the rules and, per rule, the violations found (empty list: holds)
     */
    public static String render(List<RunComparison> comparisons, List<RuleOutcome> rules) {
        ComparedRun a = comparisons.getFirst().a();
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>LabDeck comparison: ")
                .append(esc(a.name())).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:2em auto;max-width:1200px;color:#222;padding:0 1em}")
                .append("h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.6em;border-bottom:1px solid #ddd}")
                .append("table{border-collapse:collapse}td,th{padding:.2em .7em;border-bottom:1px solid #eee;text-align:left}")
                .append("td.n{text-align:right;font-variant-numeric:tabular-nums}.better{color:#176b1e}.worse{color:#a31515;font-weight:600}")
                .append(".muted{color:#777}.ok{color:#176b1e}.bad{color:#a31515;font-weight:600}</style></head><body>\n");
        b.append("<h1>Comparison of ").append(comparisons.size() + 1).append(" runs</h1>\n<table><tr><th></th><th>Run</th>")
                .append("<th>Profile</th><th>Status</th><th>Started</th></tr>\n");
        run(b, "A", a);
        for (int i = 0; i < comparisons.size(); i++) {
            run(b, label(i), comparisons.get(i).b());
        }
        b.append("</table>\n<p class=\"muted\">Changes are of each run against A; A is the reference.</p>\n");

        if (!rules.isEmpty()) {
            b.append("<h2>Rules (--fail-if)</h2>\n<table><tr><th>Rule</th><th>Result</th></tr>\n");
            for (RuleOutcome r : rules) {
                b.append("<tr><td>").append(esc(r.rule().text())).append("</td><td class=\"")
                        .append(r.violations().isEmpty() ? "ok\">holds" : "bad\">" + esc(String.join("; ", r.violations())))
                        .append("</td></tr>\n");
            }
            b.append("</table>\n");
        }

        Set<String> settingPaths = new LinkedHashSet<>();
        comparisons.forEach(c -> c.settings().forEach(s -> settingPaths.add(s.path())));
        b.append("<h2>Settings that differ</h2>\n");
        if (settingPaths.isEmpty()) {
            b.append("<p class=\"muted\">None: every run used the same profile settings and hosts.</p>\n");
        } else {
            b.append("<table><tr><th>Setting</th><th>A</th>");
            for (int i = 0; i < comparisons.size(); i++) b.append("<th>").append(label(i)).append("</th>");
            b.append("</tr>\n");
            for (String p : settingPaths) {
                b.append("<tr><td>").append(esc(p)).append("</td><td>").append(esc(orDash(a.settings().get(p)))).append("</td>");
                for (RunComparison c : comparisons) {
                    b.append("<td>").append(esc(orDash(c.b().settings().get(p)))).append("</td>");
                }
                b.append("</tr>\n");
            }
            b.append("</table>\n");
        }

        Set<String> figurePaths = new LinkedHashSet<>();
        comparisons.forEach(c -> c.figures().forEach(f -> figurePaths.add(f.path())));
        b.append("<h2>Figures</h2>\n<table><tr><th>Figure</th><th>A</th>");
        for (int i = 0; i < comparisons.size(); i++) {
            b.append("<th>").append(label(i)).append("</th><th>change</th><th></th>");
        }
        b.append("</tr>\n");
        for (String p : figurePaths) {
            b.append("<tr><td>").append(esc(p)).append("</td><td class=\"n\">").append(number(a.figures().get(p))).append("</td>");
            for (RunComparison c : comparisons) {
                FigureChange f = c.figure(p);
                String cls = f.verdict() == FigureChange.Verdict.BETTER ? "better" : f.verdict() == FigureChange.Verdict.WORSE ? "worse" : "muted";
                b.append("<td class=\"n\">").append(number(f.b())).append("</td><td class=\"n ").append(cls).append("\">")
                        .append(Double.isNaN(f.percent()) ? "" : esc(RegressionRule.percentText(f.percent())))
                        .append("</td><td class=\"").append(cls).append("\">").append(esc(f.verdict().word())).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</table>\n<p class=\"muted\">Written by labdeck compare.</p>\n</body></html>\n");
        return b.toString();
    }

    /** A rule and what broke it in each comparison (empty when it holds everywhere). */
    public record RuleOutcome(RegressionRule rule, List<String> violations) {}

    /** B, C, D, ... for the compared runs. */
    public static String label(int i) {
        return i < 25 ? String.valueOf((char) ('B' + i)) : "#" + (i + 2);
    }

    private static void run(StringBuilder b, String label, ComparedRun r) {
        b.append("<tr><th>").append(label).append("</th><td>").append(esc(r.name())).append("</td><td>")
                .append(esc(r.summary().profile())).append("</td><td>").append(esc(r.summary().status().json()))
                .append("</td><td>").append(esc(r.summary().started())).append("</td></tr>\n");
    }

    static String number(Double v) {
        if (v == null) return "—";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.format(Locale.ROOT, "%,d", v.longValue());
        return ThresholdEvaluator.format(v);
    }

    private static String orDash(String s) {
        return s == null ? "—" : s;
    }

    private static String esc(String s) {
        if (s == null) return "";
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

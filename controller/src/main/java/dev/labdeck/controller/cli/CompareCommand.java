package dev.labdeck.controller.cli;

import dev.labdeck.controller.compare.ComparedRun;
import dev.labdeck.controller.compare.ComparisonHtml;
import dev.labdeck.controller.compare.FigureChange;
import dev.labdeck.controller.compare.RegressionRule;
import dev.labdeck.controller.compare.RunComparison;
import dev.labdeck.controller.compare.SettingChange;
import dev.labdeck.controller.results.RunHistory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code labdeck compare RUN_A RUN_B [RUN_C ...]}: what changed between runs, and a CI gate on it. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compares runs: the settings that differ and every figure of summary.json, with the change",
                "against the first run (A) in percent and whether it is better or worse.", "",
                "A run is its directory, its summary.json, or a name under runs/."},
        footer = {"", "--fail-if FIGURE OP CHANGE: e.g. 'traffic.rx_pps < -5%%' fails when B's rx_pps is more than 5 %%",
                "below A's; without %% the change is absolute: 'traffic.loss_percent > 0.1'. Repeatable.", "",
                "Exit codes: 0 no rule broken, 1 a rule broken (a regression, or its figure missing), 2 invalid input."})
public final class CompareCommand implements Callable<Integer> {

    @Parameters(arity = "2..*", paramLabel = "RUN", description = "run directories; the first is the reference (A)")
    List<String> runs;

    @Option(names = "--fail-if", paramLabel = "RULE", description = "exit 1 when a change satisfies RULE")
    List<String> failIf = new ArrayList<>();

    @Option(names = "--html", paramLabel = "FILE", description = "also write the comparison as a self-contained HTML page")
    Path html;

    @Option(names = "--changed", description = "list only figures that changed")
    boolean onlyChanged;

    @Option(names = "--runs", paramLabel = "DIR", description = "where to look up runs given by name (default: runs/)")
    Path runsRoot;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<RegressionRule> rules = new ArrayList<>();
        try {
            for (String r : failIf) rules.add(RegressionRule.parse(r));
        } catch (IllegalArgumentException e) {
            err.println("labdeck compare: " + e.getMessage());
            err.flush();
            return LabDeckCli.EXIT_INVALID_INPUT;
        }
        Path root = runsRoot != null ? runsRoot : RunHistory.defaultRuns().root();
        List<ComparedRun> loaded = new ArrayList<>();
        for (String r : runs) {
            try {
                loaded.add(ComparedRun.load(r, root));
            } catch (IOException e) {
                err.println("labdeck compare: " + e.getMessage());
                err.flush();
                return LabDeckCli.EXIT_INVALID_INPUT;
            }
        }
        List<RunComparison> comparisons = new ArrayList<>();
        for (int i = 1; i < loaded.size(); i++) comparisons.add(RunComparison.of(loaded.getFirst(), loaded.get(i)));

        List<ComparisonHtml.RuleOutcome> outcomes = new ArrayList<>();
        for (RegressionRule rule : rules) {
            List<String> violations = new ArrayList<>();
            for (int i = 0; i < comparisons.size(); i++) {
                String who = ComparisonHtml.label(i);
                rule.violation(comparisons.get(i)).ifPresent(v -> violations.add(who + ": " + v));
            }
            outcomes.add(new ComparisonHtml.RuleOutcome(rule, violations));
        }

        print(loaded.getFirst(), comparisons, outcomes, out);
        if (html != null) {
            try {
                Path parent = html.toAbsolutePath().getParent();
                if (parent != null) Files.createDirectories(parent);
                Files.writeString(html, ComparisonHtml.render(comparisons, outcomes));
                out.println("comparison written to " + html);
            } catch (IOException e) {
                err.println("labdeck compare: cannot write " + html + ": " + e.getMessage());
                err.flush();
                return LabDeckCli.EXIT_INVALID_INPUT;
            }
        }
        out.flush();
        boolean broken = outcomes.stream().anyMatch(o -> !o.violations().isEmpty());
        if (broken) {
            for (ComparisonHtml.RuleOutcome o : outcomes) {
                for (String v : o.violations()) err.println("REGRESSION " + o.rule().text() + ": " + v);
            }
            err.flush();
            return LabDeckCli.EXIT_THRESHOLD_FAILED;
        }
        return LabDeckCli.EXIT_OK;
    }

    private void print(ComparedRun a, List<RunComparison> comparisons, List<ComparisonHtml.RuleOutcome> outcomes, PrintWriter out) {
        out.println("A  " + describe(a) + "   (reference)");
        for (int i = 0; i < comparisons.size(); i++) {
            out.println(ComparisonHtml.label(i) + "  " + describe(comparisons.get(i).b()));
        }
        for (int i = 0; i < comparisons.size(); i++) {
            RunComparison c = comparisons.get(i);
            String label = ComparisonHtml.label(i);
            out.println();
            out.println("A → " + label);
            if (c.settings().isEmpty()) {
                out.println("  settings: the same");
            } else {
                int w = Math.max(24, c.settings().stream().mapToInt(s -> s.path().length()).max().orElse(0) + 2);
                out.println(String.format(Locale.ROOT, "  %-" + w + "s %-22s %s", "setting", "A", label));
                for (SettingChange s : c.settings()) {
                    out.println(String.format(Locale.ROOT, "  %-" + w + "s %-22s %s", s.path(), dash(s.a()), dash(s.b())));
                }
            }
            List<FigureChange> shown = c.figures().stream()
                    .filter(f -> !onlyChanged || f.verdict() != FigureChange.Verdict.SAME).toList();
            int w = Math.max(24, shown.stream().mapToInt(f -> f.path().length()).max().orElse(0) + 2);
            out.println();
            out.println(String.format(Locale.ROOT, "  %-" + w + "s %16s %16s %12s  %s", "figure", "A", label, "change", ""));
            for (FigureChange f : shown) {
                out.println(String.format(Locale.ROOT, "  %-" + w + "s %16s %16s %12s  %s", f.path(), number(f.a()), number(f.b()),
                        Double.isNaN(f.percent()) ? "" : percent(f.percent()), f.verdict() == FigureChange.Verdict.SAME ? "" : f.verdict().word()));
            }
        }
        if (!outcomes.isEmpty()) {
            out.println();
            for (ComparisonHtml.RuleOutcome o : outcomes) {
                out.println((o.violations().isEmpty() ? "  ok     " : "  BROKEN ") + o.rule().text());
            }
        }
    }

    private static String describe(ComparedRun r) {
        return r.name() + "  " + r.summary().status().json() + "  " + r.summary().profile();
    }

    private static String dash(String s) {
        return s == null ? "—" : s;
    }

    private static String number(Double v) {
        if (v == null) return "—";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.format(Locale.ROOT, "%,d", v.longValue());
        return String.format(Locale.ROOT, "%,.3f", v);
    }

    private static String percent(double p) {
        if (Double.isInfinite(p)) return p > 0 ? "+∞ %" : "-∞ %";
        return String.format(Locale.ROOT, "%+.2f %%", p);
    }
}

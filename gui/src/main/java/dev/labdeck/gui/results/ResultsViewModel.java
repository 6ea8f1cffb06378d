package dev.labdeck.gui.results;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.labdeck.gui.task.BackgroundTasks;
import dev.labdeck.protocol.ProtocolJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Results view's state: the runs found on disk, the run opened (its figures and charts), and
 * a comparison of two runs (overlaid lines, a table of differences) that can be exported.
 */
public final class ResultsViewModel {
    private final RunArchive archive;
    private final BackgroundTasks tasks;
    private final ReportBrowser browser;
    private final ObservableList<SettingDifference> settingDifferences = FXCollections.observableArrayList();

    private final ObjectProperty<Path> runsDirectory = new SimpleObjectProperty<>(Path.of("runs").toAbsolutePath());
    private final ObservableList<RunRecord> runs = FXCollections.observableArrayList();
    private final ObjectProperty<RunDetails> opened = new SimpleObjectProperty<>();
    private final ObjectProperty<RunDetails> compareA = new SimpleObjectProperty<>();
    private final ObjectProperty<RunDetails> compareB = new SimpleObjectProperty<>();
    private final ObservableList<Difference> differences = FXCollections.observableArrayList();
    private final StringProperty status = new SimpleStringProperty("");
    private final BooleanProperty loading = new SimpleBooleanProperty();
    private Consumer<Throwable> onError = e -> status.set(e.getMessage());

    public ResultsViewModel(RunArchive archive, BackgroundTasks tasks) {
        this(archive, tasks, r -> {
            throw new UnsupportedOperationException("this app has no browser to open " + r);
        });
    }

    public ResultsViewModel(RunArchive archive, BackgroundTasks tasks, ReportBrowser browser) {
        this.archive = archive;
        this.tasks = tasks;
        this.browser = browser;
    }

    /** The settings in which the compared runs differ; empty when not comparing. */
    public ObservableList<SettingDifference> settingDifferences() { return settingDifferences; }

    /** Lists the runs of another directory (runs written elsewhere, e.g. by CI or another checkout). */
    public void showRunsIn(Path directory, Runnable then) {
        runsDirectory.set(directory.toAbsolutePath());
        opened.set(null);
        compareA.set(null);
        compareB.set(null);
        differences.clear();
        settingDifferences.clear();
        refresh(then);
    }

    /** Opens report.html in the browser, saying in the status line whether that worked and where the file is. */
    public void openReport(Path report, Runnable then) {
        status.set("Opening " + report + " ...");
        tasks.run("open-report", () -> browser.open(report), how -> {
            status.set("Opened the report " + how + ": " + report);
            then.run();
        }, e -> {
            status.set("Could not open the report: " + (e.getMessage() == null ? e.toString() : e.getMessage())
                    + ". It is at " + report + " (open it in any browser).");
            then.run();
        });
    }

    public ObjectProperty<Path> runsDirectoryProperty() { return runsDirectory; }
    public ObservableList<RunRecord> runs() { return runs; }
    public ObjectProperty<RunDetails> openedProperty() { return opened; }
    public ObjectProperty<RunDetails> compareAProperty() { return compareA; }
    public ObjectProperty<RunDetails> compareBProperty() { return compareB; }
    public ObservableList<Difference> differences() { return differences; }
    public StringProperty statusProperty() { return status; }
    public BooleanProperty loadingProperty() { return loading; }

    public void setOnError(Consumer<Throwable> onError) {
        this.onError = onError;
    }

    public void refresh() {
        refresh(() -> {});
    }

    public void refresh(Runnable then) {
        Path dir = runsDirectory.get();
        loading.set(true);
        tasks.run("list-runs", () -> archive.list(dir), list -> {
            loading.set(false);
            runs.setAll(list);
            status.set(list.isEmpty()
                    ? "No runs in " + dir + " yet. Run a profile (F5) and it appears here."
                    : list.size() + (list.size() == 1 ? " run" : " runs") + " in " + dir);
            then.run();
        }, e -> {
            loading.set(false);
            onError.accept(e);
        });
    }

    /** Where views of the results do their own file reading (the sweep curves). */
    public BackgroundTasks tasks() {
        return tasks;
    }

    public void open(RunRecord run) {
        tasks.run("open-run", () -> archive.load(run), d -> {
            opened.set(d);
            compareA.set(null);
            compareB.set(null);
            settingDifferences.clear();
            differences.setAll(figuresOf(d));
            status.set("Run " + run.id() + ": " + run.status());
        }, onError);
    }

    /** Opens two runs side by side: A is the reference (e.g. the baseline), B the one compared. */
    public void compare(RunRecord a, RunRecord b) {
        record Loaded(RunDetails a, RunDetails b, List<SettingDifference> settings) {}
        tasks.run("compare-runs", () -> new Loaded(archive.load(a), archive.load(b), archive.settingDifferences(a, b)), both -> {
            settingDifferences.setAll(both.settings());
            compareA.set(both.a());
            compareB.set(both.b());
            opened.set(null);
            differences.setAll(differencesOf(both.a(), both.b()));
            status.set("Comparing " + a.id() + " (A) with " + b.id() + " (B): "
                    + (both.settings().isEmpty() ? "the same settings" : both.settings().size() + " setting(s) differ"));
        }, onError);
    }

    static List<Difference> figuresOf(RunDetails d) {
        List<Difference> out = new ArrayList<>();
        d.figures().forEach((k, v) -> out.add(new Difference(k, v, Double.NaN)));
        return out;
    }

    static List<Difference> differencesOf(RunDetails a, RunDetails b) {
        Set<String> keys = new LinkedHashSet<>(a.figures().keySet());
        keys.addAll(b.figures().keySet());
        List<Difference> out = new ArrayList<>();
        for (String k : keys) out.add(new Difference(k, a.figures().getOrDefault(k, Double.NaN), b.figures().getOrDefault(k, Double.NaN)));
        return out;
    }

    public boolean comparing() {
        return compareA.get() != null && compareB.get() != null;
    }

    /** Writes the table shown (one run's figures, or the differences) as CSV. */
    public void exportCsv(Path file, Runnable done) {
        List<Difference> rows = List.copyOf(differences);
        boolean cmp = comparing();
        tasks.run("export-csv", () -> {
            StringBuilder sb = new StringBuilder(cmp ? "figure,a,b,delta,delta_percent\n" : "figure,value\n");
            for (Difference d : rows) {
                sb.append(csv(d.figure())).append(',').append(num(d.a()));
                if (cmp) sb.append(',').append(num(d.b())).append(',').append(num(d.delta())).append(',').append(num(d.deltaPercent()));
                sb.append('\n');
            }
            Files.writeString(file, sb.toString());
            return file;
        }, f -> { status.set("Exported " + f); done.run(); }, onError);
    }

    /** Writes the table shown as JSON, with the run directories it came from. */
    public void exportJson(Path file, Runnable done) {
        List<Difference> rows = List.copyOf(differences);
        RunDetails a = comparing() ? compareA.get() : opened.get();
        RunDetails b = comparing() ? compareB.get() : null;
        tasks.run("export-json", () -> {
            ObjectNode root = ProtocolJson.mapper().createObjectNode();
            if (a != null) root.put(b == null ? "run" : "a", a.record().directory().toString());
            if (b != null) root.put("b", b.record().directory().toString());
            ArrayNode figures = root.putArray("figures");
            for (Difference d : rows) {
                ObjectNode n = figures.addObject().put("figure", d.figure());
                putNum(n, b == null ? "value" : "a", d.a());
                if (b != null) {
                    putNum(n, "b", d.b());
                    putNum(n, "delta", d.delta());
                    putNum(n, "delta_percent", d.deltaPercent());
                }
            }
            writeJson(file, root);
            return file;
        }, f -> { status.set("Exported " + f); done.run(); }, onError);
    }

    private static void writeJson(Path file, ObjectNode root) throws IOException {
        Files.writeString(file, ProtocolJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }

    private static void putNum(ObjectNode n, String k, double v) {
        if (Double.isNaN(v)) n.putNull(k);
        else n.put(k, v);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}

package dev.labdeck.gui.results;

import dev.labdeck.gui.task.BackgroundTasks;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The curves of a sweep or throughput search in the Results view, one tab per figure against the
 * rate really sent (received, loss, latency, sink CPU per core; XDP and baseline on one chart), and
 * the search's answer per packet size. Hidden for a run that measured once. Rates spanning a
 * decade or more are drawn on a log scale.
 */
public final class SweepCurvesView extends VBox {
    private final BackgroundTasks tasks;
    private final TabPane tabs = new TabPane();
    private Path shown;

    public SweepCurvesView(BackgroundTasks tasks) {
        this.tasks = tasks;
        setId("sweep-curves");
        tabs.setId("sweep-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setPrefHeight(330);
        getChildren().add(tabs);
        show(SweepResults.NONE);
    }

    /** Reads the run's summary off the UI thread and shows its curves; null or a single measurement hides the view. */
    public void load(Path runDirectory) {
        shown = runDirectory;
        if (runDirectory == null) {
            show(SweepResults.NONE);
            return;
        }
        tasks.run("sweep-curves", () -> SweepResults.read(runDirectory), r -> {
            if (runDirectory.equals(shown)) show(r);
        }, e -> {
            if (runDirectory.equals(shown)) show(SweepResults.NONE);
        });
    }

    /** Shows {@code r} (on the UI thread). */
    public void show(SweepResults r) {
        tabs.getTabs().clear();
        for (SweepResults.Curve c : r.curves()) {
            Tab t = new Tab(c.title().replace(" against sent rate", ""), chart(c));
            t.setId("sweep-tab-" + c.title().split(" ")[0].toLowerCase(Locale.ROOT));
            tabs.getTabs().add(t);
        }
        if (!r.searches().isEmpty()) {
            Tab t = new Tab("Throughput search", searchTable(r.searches()));
            t.setId("sweep-tab-search");
            tabs.getTabs().addFirst(t);
        }
        tabs.getSelectionModel().selectFirst();
        setVisible(!r.isEmpty());
        setManaged(!r.isEmpty());
    }

    private static LineChart<Number, Number> chart(SweepResults.Curve c) {
        double lo = Double.MAX_VALUE, hi = 0;
        for (SweepResults.Line l : c.lines()) {
            for (double[] p : l.points()) {
                lo = Math.min(lo, p[0]);
                hi = Math.max(hi, p[0]);
            }
        }
        boolean log = lo > 0 && hi / lo >= 8;
        NumberAxis x = new NumberAxis();
        x.setLabel("sent rate, pps" + (log ? " (log scale)" : ""));
        x.setForceZeroInRange(false);
        if (log) {
            // the axis holds log10(rate); its labels show the rate
            x.setAutoRanging(false);
            x.setLowerBound(Math.floor(Math.log10(lo) * 2) / 2);
            x.setUpperBound(Math.ceil(Math.log10(hi) * 2) / 2);
            x.setTickUnit(0.5);
            x.setTickLabelFormatter(new StringConverter<>() {
                @Override
                public String toString(Number v) {
                    return rate(Math.pow(10, v.doubleValue()));
                }

                @Override
                public Number fromString(String s) {
                    return 0;
                }
            });
        }
        NumberAxis y = new NumberAxis();
        y.setLabel(c.unit());
        y.setForceZeroInRange(true);
        LineChart<Number, Number> chart = new LineChart<>(x, y);
        chart.setTitle(c.title());
        chart.setAnimated(false);
        chart.setCreateSymbols(true);
        chart.setLegendVisible(true);
        chart.setLegendSide(javafx.geometry.Side.RIGHT); // which line is XDP and which the baseline
        chart.setId("sweep-chart-" + c.title().split(" ")[0].toLowerCase(Locale.ROOT));
        for (SweepResults.Line l : c.lines()) {
            XYChart.Series<Number, Number> s = new XYChart.Series<>();
            s.setName(l.name());
            for (double[] p : l.points()) {
                s.getData().add(new XYChart.Data<>(log ? Math.log10(p[0]) : p[0], p[1]));
            }
            chart.getData().add(s);
        }
        return chart;
    }

    private static TableView<SweepResults.SearchRow> searchTable(List<SweepResults.SearchRow> rows) {
        TableView<SweepResults.SearchRow> t = new TableView<>();
        t.setId("sweep-search");
        t.getItems().setAll(rows);
        t.getColumns().setAll(List.of(
                column("Size B", r -> Integer.toString(r.packetSize()), 60),
                column("Side", SweepResults.SearchRow::side, 70),
                column("Throughput pps", r -> r.throughputPps() == null ? "none" : String.format(Locale.ROOT, "%,d", r.throughputPps()), 110),
                column("Limit", r -> r.throughputPps() == null ? "" : r.generatorLimited() ? "generator" : "device", 80),
                column("Trials", r -> Integer.toString(r.trials()), 50),
                column("Verdict", SweepResults.SearchRow::verdict, 480)));
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        return t;
    }

    private static <S> TableColumn<S, String> column(String title, java.util.function.Function<S, String> value, double width) {
        TableColumn<S, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    /** 1000 → 1k, 1500000 → 1.5M. */
    static String rate(double v) {
        double r = Math.round(v / Math.pow(10, Math.floor(Math.log10(Math.max(v, 1))) - 1)) * Math.pow(10, Math.floor(Math.log10(Math.max(v, 1))) - 1);
        if (r >= 1e6) return trim(r / 1e6) + "M";
        if (r >= 1e3) return trim(r / 1e3) + "k";
        return trim(r);
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.1f", v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}

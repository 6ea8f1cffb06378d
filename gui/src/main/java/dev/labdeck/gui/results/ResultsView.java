package dev.labdeck.gui.results;

import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/**
 * The Results view: the runs on disk as a table; one run's figures and charts, or two runs
 * compared with their lines overlaid and a table of differences; export of that table.
 */
public final class ResultsView extends BorderPane {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private final ResultsViewModel vm;
    private final TableView<RunRecord> runs = new TableView<>();
    private final LineChart<Number, Number> chart = new LineChart<>(new NumberAxis(), new NumberAxis());
    private final ComboBox<String> seriesChoice = new ComboBox<>();
    private final Label heading = new Label("Select a run to see its figures, or two runs to compare them.");
    private final SweepCurvesView sweepCurves;

    public ResultsView(ResultsViewModel vm) {
        this.vm = vm;
        setId("results-view");
        this.sweepCurves = new SweepCurvesView(vm.tasks());

        runs.setId("runs-table");
        runs.setItems(vm.runs());
        runs.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        runs.setPlaceholder(new Label("No runs yet. Run a profile (F5) and its results appear here."));
        TableColumn<RunRecord, String> status = col("Status", (RunRecord r) -> r.status().json(), 70);
        status.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                getStyleClass().removeIf(x -> x.startsWith("status-"));
                setText(empty ? null : s);
                if (!empty && s != null) getStyleClass().add("status-" + s.toLowerCase());
            }
        });
        runs.getColumns().setAll(List.of(
                col("Started", r -> r.started() == null ? "" : WHEN.format(r.started()), 128),
                col("Profile", RunRecord::profile, 105),
                status,
                col("TX pps", r -> fmt(r.txPps(), 0), 70),
                col("RX pps", r -> fmt(r.rxPps(), 0), 70),
                col("Loss %", r -> fmt(r.lossPercent(), 3), 60),
                col("Rate pps", r -> number(r.setting("rate_pps")), 70),
                col("Size B", r -> number(r.setting("packet_size")), 55),
                col("Flows", r -> number(r.setting("flows")), 45),
                col("Engine", r -> r.setting("engine").isEmpty() ? "default" : r.setting("engine"), 60),
                col("Duration s", r -> fmt(r.seconds(), 1), 70),
                col("Run", RunRecord::id, 120)));
        for (int i = 3; i <= 10; i++) runs.getColumns().get(i).getStyleClass().add("figure-column");
        // each column as wide as its widest text: a figure is never cut; the table scrolls sideways instead
        runs.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        runs.getItems().addListener((javafx.collections.ListChangeListener<RunRecord>) c -> fitColumns(runs));
        fitColumns(runs);
        runs.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) openSelected();
        });

        Button refresh = button("Refresh", "Look for new runs", vm::refresh);
        Button open = button("Open", "Show the selected run's figures and charts", this::openSelected);
        Button compare = button("Compare", "Select two runs (Ctrl+click): the first selected is A, the other B", this::compareSelected);
        compare.setId("compare");
        open.disableProperty().bind(Bindings.size(runs.getSelectionModel().getSelectedItems()).isNotEqualTo(1));
        compare.disableProperty().bind(Bindings.size(runs.getSelectionModel().getSelectedItems()).isNotEqualTo(2));
        Button report = button("Open report", "Open the run's report.html in your browser", () -> {
            RunDetails d = vm.openedProperty().get() != null ? vm.openedProperty().get() : vm.compareBProperty().get();
            if (d != null && d.report() != null) vm.openReport(d.report(), () -> {});
        });
        Button folder = button("Runs folder…", "List the runs of another directory (written by CI, another checkout, a copy)", () -> {
            javafx.stage.DirectoryChooser dc = new javafx.stage.DirectoryChooser();
            dc.setTitle("Runs folder");
            Path now = vm.runsDirectoryProperty().get();
            if (now != null && java.nio.file.Files.isDirectory(now)) dc.setInitialDirectory(now.toFile());
            java.io.File dir = dc.showDialog(getScene() == null ? null : getScene().getWindow());
            if (dir != null) vm.showRunsIn(dir.toPath(), () -> {});
        });
        folder.setId("results-runs-folder");
        report.disableProperty().bind(Bindings.createBooleanBinding(() -> {
            RunDetails d = vm.openedProperty().get() != null ? vm.openedProperty().get() : vm.compareBProperty().get();
            return d == null || d.report() == null;
        }, vm.openedProperty(), vm.compareBProperty()));
        Button csv = button("Export CSV", "Write the table below as CSV", () -> export("csv"));
        Button json = button("Export JSON", "Write the table below as JSON", () -> export("json"));
        csv.disableProperty().bind(Bindings.isEmpty(vm.differences()));
        json.disableProperty().bind(Bindings.isEmpty(vm.differences()));
        Label status2 = new Label();
        status2.setId("results-status");
        status2.getStyleClass().add("muted");
        status2.textProperty().bind(vm.statusProperty());
        status2.setWrapText(true);
        status2.setTooltip(new Tooltip());
        status2.getTooltip().textProperty().bind(vm.statusProperty());
        ToolBar bar = new ToolBar(folder, refresh, open, compare, report, csv, json);
        HBox statusLine = new HBox(status2);
        statusLine.setPadding(new Insets(2, 8, 2, 8));
        VBox top = new VBox(bar, statusLine);

        VBox left = new VBox(runs);
        VBox.setVgrow(runs, Priority.ALWAYS);

        heading.getStyleClass().add("heading");
        heading.setWrapText(true);
        heading.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        seriesChoice.setPromptText("Chart");
        seriesChoice.setId("results-series");
        seriesChoice.valueProperty().addListener((o, a, b) -> drawChart());
        HBox chartBar = new HBox(8, new Label("Chart"), seriesChoice);
        chartBar.setAlignment(Pos.CENTER_LEFT);
        chart.setId("results-chart");
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        chart.getXAxis().setLabel("run time (s)");
        ((NumberAxis) chart.getYAxis()).setForceZeroInRange(true);
        chart.setPrefHeight(280);
        Label chartEmpty = new Label("Open a run or compare two to see their charts.");
        chartEmpty.getStyleClass().add("muted");
        chartEmpty.visibleProperty().bind(Bindings.isEmpty(chart.getData()));
        StackPane chartHolder = new StackPane(chart, chartEmpty);

        TableView<Difference> diffs = new TableView<>(vm.differences());
        diffs.setId("differences");
        diffs.setPlaceholder(new Label("The summary's figures appear here; with two runs, their differences."));
        diffs.getColumns().setAll(List.of(
                col("Figure", Difference::figure, 220),
                col("A", d -> fmt(d.a(), 3), 110),
                col("B", d -> fmt(d.b(), 3), 110),
                deltaColumn("Δ", d -> fmt(d.delta(), 3), d -> d.delta()),
                deltaColumn("Δ %", d -> fmt(d.deltaPercent(), 2), d -> d.deltaPercent())));
        for (int i = 1; i <= 4; i++) diffs.getColumns().get(i).getStyleClass().add("figure-column");
        diffs.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        diffs.getItems().addListener((javafx.collections.ListChangeListener<Difference>) c -> fitColumns(diffs));

        TableView<SettingDifference> settings = new TableView<>(vm.settingDifferences());
        settings.setId("setting-differences");
        settings.setPlaceholder(new Label("Both runs ran with the same settings."));
        settings.getColumns().setAll(List.of(
                col("Setting that differs", SettingDifference::setting, 220),
                col("A", SettingDifference::a, 150),
                col("B", SettingDifference::b, 150)));
        settings.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        settings.getItems().addListener((javafx.collections.ListChangeListener<SettingDifference>) c -> fitColumns(settings));
        settings.setPrefHeight(130);
        settings.setMinHeight(90);
        settings.visibleProperty().bind(vm.compareBProperty().isNotNull());
        settings.managedProperty().bind(settings.visibleProperty());

        VBox right = new VBox(6, heading, settings, chartBar, chartHolder, sweepCurves, diffs);
        VBox.setVgrow(diffs, Priority.ALWAYS);
        right.setPadding(new Insets(8));

        SplitPane split = new SplitPane(left, right);
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.48);
        setTop(top);
        setCenter(split);

        vm.openedProperty().addListener((o, a, b) -> detailsChanged());
        vm.compareBProperty().addListener((o, a, b) -> detailsChanged());
    }

    private TableColumn<Difference, String> deltaColumn(String title, Function<Difference, String> text, Function<Difference, Double> value) {
        TableColumn<Difference, String> c = col(title, text, 90);
        c.setCellFactory(x -> new TableCell<>() {
            @Override
            protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty ? null : s);
                getStyleClass().removeAll("delta-better", "delta-worse");
                Difference d = empty || getTableRow() == null ? null : getTableRow().getItem();
                if (d != null && vm.comparing()) {
                    double v = value.apply(d);
                    if (!Double.isNaN(v) && v != 0) {
                        boolean lowerIsBetter = d.figure().contains("loss") || d.figure().contains("lost") || d.figure().contains("cpu");
                        getStyleClass().add((v > 0) != lowerIsBetter ? "delta-better" : "delta-worse");
                    }
                }
            }
        });
        return c;
    }

    private void openSelected() {
        RunRecord r = runs.getSelectionModel().getSelectedItem();
        if (r != null) vm.open(r);
    }

    private void compareSelected() {
        List<RunRecord> sel = new ArrayList<>(runs.getSelectionModel().getSelectedItems());
        if (sel.size() == 2) {
            // older run first: it is A, the reference
            sel.sort((x, y) -> x.id().compareTo(y.id()));
            vm.compare(sel.get(0), sel.get(1));
        }
    }

    /** Selects runs by directory name (tests, screenshots) and compares or opens them. */
    public void selectRuns(List<String> ids) {
        runs.getSelectionModel().clearSelection();
        for (int i = 0; i < runs.getItems().size(); i++) {
            if (ids.contains(runs.getItems().get(i).id())) runs.getSelectionModel().select(i);
        }
    }

    public void compareSelection() {
        compareSelected();
    }

    private void export(String kind) {
        FileChooser fc = new FileChooser();
        fc.setTitle("Export " + kind.toUpperCase());
        fc.setInitialFileName((vm.comparing() ? "comparison" : "figures") + "." + kind);
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(kind.toUpperCase(), "*." + kind));
        var file = fc.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (file == null) return;
        if (kind.equals("csv")) vm.exportCsv(file.toPath(), () -> {});
        else vm.exportJson(file.toPath(), () -> {});
    }

    private void detailsChanged() {
        RunDetails a = vm.compareAProperty().get();
        RunDetails b = vm.compareBProperty().get();
        RunDetails one = vm.openedProperty().get();
        sweepCurves.load(one != null ? one.record().directory() : null); // a sweep's or search's curves, else hidden
        Set<String> names = new LinkedHashSet<>();
        if (one != null) {
            heading.setText("Run " + one.record().id() + " — " + one.record().profile() + ", " + one.record().status());
            names.addAll(one.series().keySet());
        } else if (a != null && b != null) {
            heading.setText("A: " + a.record().id() + "   vs   B: " + b.record().id());
            names.addAll(a.series().keySet());
            names.addAll(b.series().keySet());
        } else {
            return;
        }
        String keep = seriesChoice.getValue();
        seriesChoice.getItems().setAll(names);
        String pick = keep != null && names.contains(keep) ? keep
                : names.stream().filter(n -> n.endsWith("sink rx pps")).findFirst()
                        .orElse(names.isEmpty() ? null : names.iterator().next());
        seriesChoice.setValue(pick);
        drawChart();
    }

    private void drawChart() {
        chart.getData().clear();
        String name = seriesChoice.getValue();
        if (name == null) return;
        RunDetails one = vm.openedProperty().get();
        if (one != null) {
            add(one.series().get(name), name);
        } else if (vm.comparing()) {
            add(vm.compareAProperty().get().series().get(name), "A " + name);
            add(vm.compareBProperty().get().series().get(name), "B " + name);
        }
    }

    private void add(List<double[]> points, String name) {
        if (points == null) return;
        XYChart.Series<Number, Number> s = new XYChart.Series<>();
        s.setName(name);
        List<XYChart.Data<Number, Number>> data = new ArrayList<>();
        int step = Math.max(1, points.size() / 600);
        for (int i = 0; i < points.size(); i += step) data.add(new XYChart.Data<>(points.get(i)[0], points.get(i)[1]));
        s.getData().setAll(data);
        chart.getData().add(s);
    }

    private static Button button(String text, String tip, Runnable action) {
        Button b = new Button(text);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        b.setId("results-" + text.toLowerCase().replace(' ', '-'));
        return b;
    }

    /**
     * Sizes every column to its heading or its widest cell, measured in the table's font (bold, as a
     * status is drawn, so nothing drawn is wider), plus the cell's padding and the heading's sort arrow.
     */
    static <S> void fitColumns(TableView<S> table) {
        javafx.scene.text.Font font = javafx.scene.text.Font.font(javafx.scene.text.Font.getDefault().getFamily(),
                javafx.scene.text.FontWeight.BOLD, 13);
        javafx.scene.text.Text measure = new javafx.scene.text.Text();
        measure.setFont(font);
        for (TableColumn<S, ?> c : table.getColumns()) {
            measure.setText(c.getText());
            double widest = measure.getLayoutBounds().getWidth() + 12;
            for (S item : table.getItems()) {
                Object v = c.getCellData(item);
                if (v == null) continue;
                measure.setText(v.toString());
                widest = Math.max(widest, measure.getLayoutBounds().getWidth());
            }
            c.setPrefWidth(Math.ceil(widest) + 20);
        }
    }

    /** A whole number as the other figures are written (10,000); any other setting as the profile has it. */
    static String number(String setting) {
        return setting.matches("\\d{1,15}") ? String.format(Locale.ROOT, "%,d", Long.parseLong(setting)) : setting;
    }

    static <S> TableColumn<S, String> col(String title, Function<S, String> value, double width) {
        TableColumn<S, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    /** Whole numbers without decimals; others with up to {@code decimals}, trailing zeros dropped. */
    static String fmt(double v, int decimals) {
        if (Double.isNaN(v)) return "";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.format(Locale.ROOT, "%,d", (long) v);
        String s = String.format(Locale.ROOT, "%,." + decimals + "f", v);
        if (s.contains(".")) s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        return s;
    }
}

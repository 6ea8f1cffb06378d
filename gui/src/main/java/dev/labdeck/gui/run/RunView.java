package dev.labdeck.gui.run;

import dev.labdeck.protocol.EventLevel;
import dev.labdeck.gui.theme.Theme;
import eu.hansolo.tilesfx.Tile;
import eu.hansolo.tilesfx.TileBuilder;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.util.Duration;

/**
 * The Run view: Preflight, Run and Abort; the phase timeline; each host's state; four tiles;
 * live charts with a rolling window that can be paused; the event log with a filter and each
 * service's log. Charts are redrawn four times a second from the view model's bounded series.
 */
public final class RunView extends BorderPane {
    static final int MAX_CHART_POINTS = 300;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    private final RunViewModel vm;
    private final Map<ChartKind, LineChart<Number, Number>> charts = new EnumMap<>(ChartKind.class);
    private final Map<ChartKind, Map<SeriesKey, XYChart.Series<Number, Number>>> drawn = new EnumMap<>(ChartKind.class);
    private final TabPane chartTabs = new TabPane();
    /** Each chart's host: all hosts, or one (the CPU chart starts on the sink, whose cores matter most). */
    private final Map<ChartKind, ChoiceBox<String>> hostPick = new EnumMap<>(ChartKind.class);
    /** Each chart's legend, one check box per line: unticked lines are not drawn. */
    private final Map<ChartKind, FlowPane> legends = new EnumMap<>(ChartKind.class);
    private final Map<ChartKind, Map<SeriesKey, CheckBox>> legendBoxes = new EnumMap<>(ChartKind.class);
    private final Map<ChartKind, Set<SeriesKey>> hidden = new EnumMap<>(ChartKind.class);
    private final Map<SeriesKey, Color> colours = new HashMap<>();
    private final Map<ChartKind, Integer> coloursUsed = new EnumMap<>(ChartKind.class);
    static final String ALL_HOSTS = "All hosts";
    /** 20 colours no two alike (grey is kept for the requested rate): a chart's first 20 lines never share one. */
    static final List<Color> PALETTE = List.of("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
            "#bcbd22", "#17becf", "#393b79", "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94", "#f7b6d2",
            "#637939", "#dbdb8d", "#9edae5").stream().map(Color::web).toList();
    static final Color REQUESTED = Color.web("#6b7280");
    private final FigureTile txTile, rxTile, lossTile, cpuTile;
    /** TilesFX gauge: how much of the asked rate the source reached (the engine's honesty at a glance). */
    private final Tile rateTile;
    private final javafx.scene.layout.FlowPane moreTiles = new javafx.scene.layout.FlowPane(8, 8);
    private FigureTile httpTile;

    public RunView(RunViewModel vm, Runnable runAction, Runnable abortAction, ObjectProperty<Theme> theme) {
        this.vm = vm;
        setId("run-view");

        Button preflight = new Button("Preflight");
        preflight.setId("preflight");
        preflight.setTooltip(new Tooltip("Ask every host what it can do, without changing anything"));
        preflight.setOnAction(e -> vm.preflight());
        Button run = new Button("Run  (F5)");
        run.setId("run");
        run.setDefaultButton(false);
        run.getStyleClass().add("accent");
        run.setOnAction(e -> runAction.run());
        Button abort = new Button("Abort  (Esc)");
        abort.setId("abort");
        abort.setOnAction(e -> abortAction.run());
        preflight.disableProperty().bind(vm.runningProperty());
        run.disableProperty().bind(vm.runningProperty());
        abort.disableProperty().bind(vm.runningProperty().not());
        Label status = new Label();
        status.setId("run-status");
        status.getStyleClass().add("run-status");
        status.textProperty().bind(vm.statusProperty());
        status.setWrapText(true);
        Label elapsed = new Label();
        elapsed.getStyleClass().add("heading");
        elapsed.textProperty().bind(vm.elapsedProperty());
        HBox commands = new HBox(8, preflight, run, abort, status);
        HBox.setHgrow(status, Priority.ALWAYS);
        commands.getChildren().add(elapsed);
        commands.setAlignment(Pos.CENTER_LEFT);

        FlowPane timeline = new FlowPane(4, 4);
        timeline.setId("phase-timeline");
        vm.phases().addListener((ListChangeListener<PhaseStep>) c -> drawPhases(timeline));
        drawPhases(timeline);

        HBox progress = new HBox(12, progressLine("phase-progress", vm.phaseProgressProperty(), vm.phaseProgressTextProperty()),
                progressLine("run-progress", vm.runProgressProperty(), vm.runProgressTextProperty()));
        progress.getChildren().forEach(n -> HBox.setHgrow(n, Priority.ALWAYS));
        progress.visibleProperty().bind(vm.runProgressTextProperty().isNotEmpty());
        progress.managedProperty().bind(progress.visibleProperty());

        VBox top = new VBox(8, commands, timeline, progress);
        top.setPadding(new Insets(8, 8, 4, 8));
        setTop(top);

        txTile = new FigureTile("tile-tx", "TX sent", "packets/s", 0, false);
        rxTile = new FigureTile("tile-rx", "RX received", "packets/s", 0, false);
        lossTile = new FigureTile("tile-loss", "Loss", "% of sent", 3, false);
        cpuTile = new FigureTile("tile-cpu", "Destination CPU", "% busy", 1, true);
        feed(txTile, vm.txPpsProperty());
        feed(rxTile, vm.rxPpsProperty());
        feed(lossTile, vm.lossPercentProperty());
        feed(cpuTile, vm.dstCpuProperty());
        vm.runningProperty().addListener((o, a, b) -> {
            if (b) for (FigureTile t : List.of(txTile, rxTile, lossTile, cpuTile)) t.reset();
        });
        vm.resultProperty().addListener((o, a, r) -> { if (r != null) showResult(r); });
        rateTile = rateTile();
        vm.txPpsProperty().addListener((o, a, b) -> {
            if (vm.isRunning() && vm.resultProperty().get() == null) showRate(b.doubleValue(), vm.requestedPps(), "last sample, of the rate asked");
        });
        vm.runningProperty().addListener((o, a, b) -> {
            if (b) showRate(Double.NaN, 0, "waiting for samples");
        });
        theme.addListener((o, a, b) -> styleRateTile(b));
        styleRateTile(theme.get());
        HBox tileRow = new HBox(8, txTile, rxTile, lossTile, cpuTile, rateTile);
        tileRow.getChildren().forEach(n -> HBox.setHgrow(n, Priority.ALWAYS));
        // the HTTP load's and the services' figures: live requests/s while it runs, summary.json's at the end
        moreTiles.setId("more-tiles");
        moreTiles.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(moreTiles.getChildren()));
        moreTiles.managedProperty().bind(moreTiles.visibleProperty());
        vm.runningProperty().addListener((o, a, b) -> {
            if (b) startMoreTiles();
        });
        vm.httpRequestsPerSecondProperty().addListener((o, a, b) -> {
            if (httpTile != null && vm.isRunning() && vm.resultProperty().get() == null && !Double.isNaN(b.doubleValue())) {
                httpTile.push(b.doubleValue());
                httpTile.setCaption("last sample");
            }
        });

        TableView<HostStatus> hosts = hostTable();

        for (ChartKind k : ChartKind.values()) {
            LineChart<Number, Number> chart = chart(k);
            charts.put(k, chart);
            drawn.put(k, new HashMap<>());
            Label empty = new Label(emptyText(k));
            empty.getStyleClass().add("muted");
            empty.setWrapText(true);
            empty.setMaxWidth(420);
            StackPane holder = new StackPane(chart, empty);
            empty.visibleProperty().bind(javafx.beans.binding.Bindings.isEmpty(chart.getData()));
            Tab tab = new Tab(k.title, new BorderPane(holder, chartBar(k), null, legend(k), null));
            tab.setId("chart-" + k.name().toLowerCase());
            chartTabs.getTabs().add(tab);
        }
        chartTabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        chartTabs.setId("charts");
        vm.hostStates().addListener((ListChangeListener<HostStatus>) c -> {
            List<String> names = vm.hostStates().stream().map(HostStatus::host).toList();
            for (var e : hostPick.entrySet()) {
                ChoiceBox<String> pick = e.getValue();
                String keep = pick.getValue();
                List<String> items = new ArrayList<>();
                items.add(ALL_HOSTS);
                items.addAll(names);
                if (pick.getItems().equals(items)) continue;
                pick.getItems().setAll(items);
                if (keep != null && items.contains(keep)) pick.setValue(keep);
                else if (e.getKey() == ChartKind.CPU && vm.sinkHost() != null && items.contains(vm.sinkHost())) pick.setValue(vm.sinkHost());
                else pick.setValue(ALL_HOSTS);
            }
        });

        ToggleButton pause = new ToggleButton("Pause charts");
        pause.setId("pause-charts");
        pause.selectedProperty().bindBidirectional(vm.pausedProperty());
        pause.textProperty().bind(javafx.beans.binding.Bindings.when(vm.pausedProperty()).then("Resume charts").otherwise("Pause charts"));
        ChoiceBox<Integer> window = new ChoiceBox<>();
        window.getItems().setAll(30, 60, 300, 3600);
        window.setConverter(new javafx.util.StringConverter<>() {
            @Override public String toString(Integer s) { return s == null ? "" : s < 60 ? s + " s" : s / 60 + " min"; }
            @Override public Integer fromString(String s) { return null; }
        });
        window.setValue(vm.windowSecondsProperty().get());
        window.valueProperty().addListener((o, a, b) -> { if (b != null) vm.windowSecondsProperty().set(b); });
        Label windowLabel = new Label("Window");
        HBox chartBar = new HBox(8, pause, windowLabel, window);
        chartBar.setAlignment(Pos.CENTER_LEFT);

        VBox chartsBox = new VBox(6, chartBar, chartTabs);
        VBox.setVgrow(chartTabs, Priority.ALWAYS);
        VBox leftColumn = new VBox(8, tileRow, moreTiles, hosts);
        VBox.setVgrow(tileRow, Priority.ALWAYS);
        tileRow.setMaxHeight(260);
        SplitPane upper = new SplitPane(leftColumn, chartsBox);
        upper.setDividerPositions(0.42);

        TabPane lower = new TabPane(new Tab("Events", eventLog()), new Tab("Service logs", serviceLogs()));
        lower.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        SplitPane body = new SplitPane(upper, lower);
        body.setOrientation(javafx.geometry.Orientation.VERTICAL);
        body.setDividerPositions(0.66);
        BorderPane.setMargin(body, new Insets(0, 8, 8, 8));
        setCenter(body);

        Timeline pulse = new Timeline(new KeyFrame(Duration.millis(250), e -> refresh()));
        pulse.setCycleCount(Timeline.INDEFINITE);
        pulse.play();
        vm.seriesKeys().addListener((ListChangeListener<SeriesKey>) c -> {
            if (vm.seriesKeys().isEmpty()) {
                colours.clear();
                coloursUsed.clear();
                hidden.values().forEach(Set::clear);
                for (ChartKind k : ChartKind.values()) forget(k);
            }
        });
    }

    private static String emptyText(ChartKind k) {
        return switch (k) {
            case TRAFFIC -> "Packets per second sent and received appear here once MEASURE starts.";
            case RATE -> "The rate the source reached, next to the rate the profile asked for (dashed), once MEASURE starts.";
            case LATENCY -> "Latency percentiles appear here when the traffic engine or the HTTP load measures them.";
            case HTTP -> "HTTP requests per second appear here when the profile drives HTTP load.";
            case CPU -> "Each core's load on the chosen host appears here once the agents send samples.";
            case INTERFACE -> "Interface packet rates appear here once the agents send samples.";
            case XDP -> "Per-flow XDP counters appear here when the profile attaches an XDP program.";
            case DPDK -> "DPDK port counters appear here when the profile starts DPDK dataplanes.";
        };
    }

    private HBox chartBar(ChartKind k) {
        ChoiceBox<String> pick = new ChoiceBox<>();
        pick.setId("chart-host-" + k.name().toLowerCase());
        pick.getItems().setAll(ALL_HOSTS);
        pick.setValue(ALL_HOSTS);
        hostPick.put(k, pick);
        pick.valueProperty().addListener((o, a, b) -> forget(k));
        Button all = new Button("All lines");
        all.setOnAction(e -> { hidden.get(k).clear(); forget(k); });
        Button none = new Button("No lines");
        none.setOnAction(e -> {
            hidden.get(k).addAll(legendBoxes.get(k).keySet());
            legendBoxes.get(k).values().forEach(c -> c.setSelected(false));
        });
        HBox bar = new HBox(8, new Label("Host"), pick, all, none);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4));
        return bar;
    }

    private javafx.scene.control.ScrollPane legend(ChartKind k) {
        FlowPane pane = new FlowPane(10, 2);
        pane.setId("chart-legend-" + k.name().toLowerCase());
        pane.setPadding(new Insets(2, 4, 2, 4));
        legends.put(k, pane);
        legendBoxes.put(k, new java.util.LinkedHashMap<>());
        hidden.put(k, new HashSet<>());
        javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane(pane);
        scroll.setFitToWidth(true);
        scroll.setMaxHeight(64);
        scroll.setPrefViewportHeight(40);
        return scroll;
    }

    /** Drops a chart's drawn lines and legend (host changed, new run); the next redraw builds them again. */
    private void forget(ChartKind k) {
        drawn.get(k).clear();
        charts.get(k).getData().clear();
        legendBoxes.get(k).clear();
        legends.get(k).getChildren().clear();
        redraw(k);
    }

    Color colourOf(SeriesKey key) {
        if (key.host() == null && "requested".equals(key.label())) return REQUESTED;
        return colours.computeIfAbsent(key, x -> {
            int n = coloursUsed.merge(x.chart(), 1, Integer::sum) - 1;
            return PALETTE.get(n % PALETTE.size());
        });
    }

    private static String web(Color c) {
        return String.format("#%02x%02x%02x", Math.round(c.getRed() * 255), Math.round(c.getGreen() * 255), Math.round(c.getBlue() * 255));
    }

    private CheckBox legendBox(ChartKind k, SeriesKey key, String name) {
        CheckBox box = new CheckBox(name);
        javafx.scene.shape.Rectangle swatch = new javafx.scene.shape.Rectangle(14, 4, colourOf(key));
        box.setGraphic(swatch);
        box.setContentDisplay(javafx.scene.control.ContentDisplay.LEFT);
        box.setSelected(!hidden.get(k).contains(key));
        box.selectedProperty().addListener((o, a, b) -> {
            if (b) hidden.get(k).remove(key);
            else hidden.get(k).add(key);
            redraw(k);
        });
        box.getStyleClass().add("chart-legend-box");
        legendBoxes.get(k).put(key, box);
        legends.get(k).getChildren().add(box);
        return box;
    }

    /** Live samples go to the tile while the run goes; at the end the result replaces them (see {@link #showResult}). */
    private void feed(FigureTile tile, javafx.beans.property.DoubleProperty figure) {
        figure.addListener((o, a, b) -> {
            if (vm.isRunning() && vm.resultProperty().get() == null) {
                tile.push(b.doubleValue());
                tile.setCaption("last sample");
            }
        });
    }

    private static Tile rateTile() {
        Tile t = TileBuilder.create().skinType(Tile.SkinType.GAUGE).title("Rate reached").unit("%").text("waiting for samples")
                .decimals(1).tickLabelDecimals(1).minValue(0).maxValue(100).thresholdVisible(false).textVisible(true)
                .animated(false).prefSize(170, 150).minSize(150, 130).build();
        t.setId("tile-rate");
        t.setMaxWidth(Double.MAX_VALUE);
        return t;
    }

    /** The source's rate as a share of the asked one; "not measured" when either is unknown. */
    private void showRate(double txPps, long requestedPps, String text) {
        if (Double.isNaN(txPps) || requestedPps <= 0) {
            rateTile.setValue(0);
            rateTile.setText(Double.isNaN(txPps) && text.startsWith("waiting") ? text : "not measured: no rate asked");
            return;
        }
        rateTile.setValue(Math.min(100, 100.0 * txPps / requestedPps));
        rateTile.setText(text + String.format(java.util.Locale.ROOT, " (%,d pps)", requestedPps));
    }

    private void styleRateTile(Theme theme) {
        Color bg = theme.dark() ? Color.web("#2a3038") : Color.web("#ffffff");
        Color fg = theme.dark() ? Color.web("#e6e9ed") : Color.web("#1f2933");
        Color muted = theme.dark() ? Color.web("#9aa5b1") : Color.web("#616e7c");
        rateTile.setBackgroundColor(bg);
        rateTile.setTitleColor(fg);
        rateTile.setValueColor(fg);
        rateTile.setUnitColor(muted);
        rateTile.setTextColor(muted);
        rateTile.setForegroundBaseColor(fg);
        rateTile.setBarColor(Color.web("#3b82f6"));
        rateTile.setThresholdColor(Color.web("#ef4444"));
        rateTile.setBorderColor(theme.dark() ? Color.web("#3a424c") : Color.web("#d3d9e0"));
        rateTile.setBorderWidth(1);
    }

    private void startMoreTiles() {
        moreTiles.getChildren().clear();
        httpTile = null;
        if (vm.httpLoadProperty().get()) {
            httpTile = moreTile("tile-http", "HTTP requests", "requests/s", 0);
            httpTile.setCaption("waiting for samples");
        }
    }

    private FigureTile moreTile(String id, String title, String unit, int decimals) {
        FigureTile t = new FigureTile(id, title, unit, decimals, false);
        t.setPrefWidth(220);
        moreTiles.getChildren().add(t);
        return t;
    }

    /** One tile per figure of summary.json's http and services sections; one that could not be read says why. */
    private void showMoreResult(RunFigures r) {
        for (RunFigures.Figure f : r.more()) {
            String id = "tile-" + f.path().replace('.', '-');
            FigureTile t = f.path().equals("http.requests_per_s") && httpTile != null ? httpTile
                    : moreTile(id, f.title(), f.unit().isEmpty() ? " " : f.unit(), Math.abs(f.value() - Math.rint(f.value())) < 1e-9 ? 0 : 2);
            t.show(f.value());
            t.setCaption(f.missing() != null ? "not read: " + f.missing() : "run result: summary.json " + f.path());
        }
        if (httpTile != null && r.more().stream().noneMatch(f -> f.path().equals("http.requests_per_s"))) {
            httpTile.notMeasured("not measured in this run");
        }
    }

    private void showResult(RunFigures r) {
        showRate(r.txPps(), r.requestedPps(), "run result: mean over MEASURE");
        txTile.show(r.txPps());
        rxTile.show(r.rxPps());
        lossTile.show(r.lossPercent());
        cpuTile.show(r.dstCpu());
        showMoreResult(r);
        String notMeasured = "not measured in this run";
        String mean = "run result: mean over MEASURE";
        txTile.setCaption(Double.isNaN(r.txPps()) ? notMeasured
                : r.requestedPps() > 0 ? mean + String.format(java.util.Locale.ROOT, ", %.1f%% of the %,d asked",
                        100.0 * r.txPps() / r.requestedPps(), r.requestedPps()) : mean);
        rxTile.setCaption(Double.isNaN(r.rxPps()) ? notMeasured : mean);
        lossTile.setCaption(Double.isNaN(r.lossPercent()) ? notMeasured : "run result: lost of all sent");
        cpuTile.setCaption(Double.isNaN(r.dstCpu()) ? notMeasured
                : "run result: mean of " + (vm.sinkHost() == null ? "the sink" : vm.sinkHost()) + "'s cores over MEASURE");
        for (FigureTile t : List.of(txTile, rxTile, lossTile, cpuTile)) {
            if (Double.isNaN(t.value())) t.notMeasured(notMeasured);
        }
    }

    private static HBox progressLine(String id, javafx.beans.property.DoubleProperty fraction, javafx.beans.property.StringProperty text) {
        javafx.scene.control.ProgressBar bar = new javafx.scene.control.ProgressBar();
        bar.setId(id + "-bar");
        bar.progressProperty().bind(fraction);
        bar.setPrefWidth(160);
        Label l = new Label();
        l.setId(id);
        l.textProperty().bind(text);
        HBox box = new HBox(8, bar, l);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private TableView<HostStatus> hostTable() {
        TableView<HostStatus> table = new TableView<>(vm.hostStates());
        table.setId("host-states");
        table.setPlaceholder(new Label("Hosts of the profile appear here with their state once a run starts."));
        TableColumn<HostStatus, String> host = column("Host", HostStatus::host, 90);
        TableColumn<HostStatus, String> state = column("State", HostStatus::state, 90);
        state.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                getStyleClass().removeIf(x -> x.startsWith("host-state"));
                setText(empty ? null : s);
                if (!empty && s != null) getStyleClass().addAll("host-state", "host-state-" + s.toLowerCase());
            }
        });
        TableColumn<HostStatus, String> detail = column("Detail", HostStatus::detail, 220);
        table.getColumns().setAll(List.of(host, state, detail));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPrefHeight(150);
        table.setMinHeight(110);
        return table;
    }

    static <S> TableColumn<S, String> column(String title, Function<S, String> value, double width) {
        TableColumn<S, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    private VBox eventLog() {
        TextField filter = new TextField();
        filter.setId("event-filter");
        filter.setPromptText("Filter events: host, phase, level or words (e.g. error, dst, DEPLOY)");
        filter.textProperty().bindBidirectional(vm.eventFilterProperty());
        TableView<EventLine> table = new TableView<>(vm.filteredEvents());
        table.setId("event-log");
        table.setPlaceholder(new Label("Phase changes, host states, readiness, warnings and errors are listed here as the run goes."));
        table.getColumns().setAll(List.of(
                column("Time", (EventLine e) -> CLOCK.format(e.time() == null ? Instant.EPOCH : e.time()), 100),
                column("Level", (EventLine e) -> e.level() == null ? "" : e.level().json(), 60),
                column("Phase", EventLine::phase, 110),
                column("Host", EventLine::host, 80),
                column("Kind", EventLine::kind, 120),
                column("Message", EventLine::message, 520)));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(EventLine e, boolean empty) {
                super.updateItem(e, empty);
                getStyleClass().removeAll("event-error", "event-warn");
                if (!empty && e != null && e.level() != null) {
                    if (e.level() == EventLevel.ERROR) getStyleClass().add("event-error");
                    if (e.level() == EventLevel.WARN) getStyleClass().add("event-warn");
                }
            }
        });
        vm.events().addListener((ListChangeListener<EventLine>) c -> {
            if (!table.getItems().isEmpty() && (filter.getText() == null || filter.getText().isEmpty())) table.scrollTo(table.getItems().size() - 1);
        });
        VBox box = new VBox(4, filter, table);
        VBox.setVgrow(table, Priority.ALWAYS);
        box.setPadding(new Insets(4));
        return box;
    }

    private VBox serviceLogs() {
        ChoiceBox<String> which = new ChoiceBox<>(vm.serviceLogNames());
        which.setId("service-log-choice");
        ListView<String> lines = new ListView<>();
        lines.getStyleClass().add("log-text");
        lines.setPlaceholder(new Label("Each service's stdout and stderr appear here, per host, when the profile starts services."));
        which.valueProperty().addListener((o, a, b) -> lines.setItems(b == null ? javafx.collections.FXCollections.observableArrayList() : vm.serviceLog(b)));
        vm.serviceLogNames().addListener((ListChangeListener<String>) c -> {
            if (which.getValue() == null && !vm.serviceLogNames().isEmpty()) which.setValue(vm.serviceLogNames().getFirst());
        });
        HBox bar = new HBox(8, new Label("Service"), which);
        bar.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(4, bar, lines);
        VBox.setVgrow(lines, Priority.ALWAYS);
        box.setPadding(new Insets(4));
        return box;
    }

    private void drawPhases(FlowPane timeline) {
        timeline.getChildren().clear();
        for (PhaseStep s : vm.phases()) {
            String text = s.label() + (s.durationMs() >= 0 ? String.format("  %.1fs", s.durationMs() / 1000.0) : "");
            Label l = new Label(text);
            l.getStyleClass().addAll("phase-box", "phase-" + s.state().name().toLowerCase());
            l.setTooltip(new Tooltip(s.label() + ": " + s.state().name().toLowerCase()));
            l.setId("phase-" + s.phase().name());
            timeline.getChildren().add(l);
        }
    }

    private LineChart<Number, Number> chart(ChartKind k) {
        NumberAxis x = new NumberAxis();
        x.setLabel("run time (s)");
        x.setAutoRanging(false);
        x.setForceZeroInRange(false);
        x.setLowerBound(0);
        x.setUpperBound(vm.windowSecondsProperty().get());
        x.setTickUnit(10);
        NumberAxis y = new NumberAxis();
        y.setLabel(k.unit);
        y.setForceZeroInRange(true);
        if (k == ChartKind.CPU) {
            y.setAutoRanging(false);
            y.setLowerBound(0);
            y.setUpperBound(100);
            y.setTickUnit(20);
        }
        LineChart<Number, Number> chart = new LineChart<>(x, y);
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        chart.setLegendVisible(false); // the check box legend below the chart names, colours and picks the lines
        chart.setId("chart-view-" + k.name().toLowerCase());
        chart.setMinHeight(Region.USE_PREF_SIZE);
        chart.setPrefHeight(260);
        return chart;
    }

    private void refresh() {
        vm.tick(Instant.now());
        if (vm.pausedProperty().get()) return;
        Tab selected = chartTabs.getSelectionModel().getSelectedItem();
        if (selected == null) return;
        redraw(ChartKind.values()[chartTabs.getTabs().indexOf(selected)]);
    }

    /** Redraws one chart from the bounded series: the window ending at the newest sample. */
    void redraw(ChartKind k) {
        LineChart<Number, Number> chart = charts.get(k);
        long latest = vm.latestSampleMs();
        if (latest < 0) return;
        long windowMs = vm.windowSecondsProperty().get() * 1000L;
        long from = latest - windowMs;
        double upper = Math.max(vm.secondsOf(latest), vm.windowSecondsProperty().get());
        NumberAxis x = (NumberAxis) chart.getXAxis();
        x.setUpperBound(Math.ceil(upper));
        x.setLowerBound(Math.max(0, Math.ceil(upper) - vm.windowSecondsProperty().get()));
        x.setTickUnit(Math.max(1, vm.windowSecondsProperty().get() / 6));
        String pick = hostPick.get(k).getValue();
        String host = pick == null || ALL_HOSTS.equals(pick) ? null : pick;
        Map<SeriesKey, XYChart.Series<Number, Number>> lines = drawn.get(k);
        for (SeriesKey key : vm.seriesFor(k, host)) {
            String name = host != null || key.host() == null ? key.label() : key.displayName();
            if (!legendBoxes.get(k).containsKey(key)) legendBox(k, key, name);
            XYChart.Series<Number, Number> s = lines.get(key);
            if (hidden.get(k).contains(key)) {
                if (s != null) {
                    chart.getData().remove(s);
                    lines.remove(key);
                }
                continue;
            }
            if (s == null) {
                s = new XYChart.Series<>();
                s.setName(name);
                lines.put(key, s);
                chart.getData().add(s);
            }
            if (s.getNode() != null && s.getNode().getStyle().isEmpty()) {
                s.getNode().setStyle("-fx-stroke: " + web(colourOf(key)) + "; -fx-stroke-width: 1.8px;"
                        + (key.host() == null && "requested".equals(key.label()) ? " -fx-stroke-dash-array: 6 4;" : ""));
            }
            List<XYChart.Data<Number, Number>> points = new ArrayList<>();
            for (RollingSeries.Point p : vm.series(key).window(from, MAX_CHART_POINTS)) {
                points.add(new XYChart.Data<>(vm.secondsOf(p.timeMs()), p.value()));
            }
            s.getData().setAll(points);
        }
    }

    /** For tests and screenshots: draws every chart now. */
    public void redrawAll() {
        for (ChartKind k : ChartKind.values()) redraw(k);
    }

    public void showChart(ChartKind k) {
        chartTabs.getSelectionModel().select(k.ordinal());
    }

    public LineChart<Number, Number> chartOf(ChartKind k) {
        return charts.get(k);
    }
}

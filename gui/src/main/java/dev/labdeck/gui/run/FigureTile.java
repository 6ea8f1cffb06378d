package dev.labdeck.gui.run;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import javafx.geometry.Pos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;

/**
 * One figure of the Run view: its title, the value with its unit, a caption saying what the value
 * is (the last sample, or the run's result), and a sparkline of the recent values whose top and
 * bottom labels sit in a column left of the line, never on it. {@link #reset()} empties it for a
 * new run. Ids: {@code <id>-value}, {@code <id>-unit}, {@code <id>-caption}, {@code <id>-max}, {@code <id>-min}.
 */
public final class FigureTile extends VBox {
    static final int SPARK_POINTS = 60;

    private final Label value = new Label("–");
    private final Label unit = new Label();
    private final Label caption = new Label();
    private final Label max = new Label();
    private final Label min = new Label();
    private final Canvas canvas = new Canvas();
    private final Deque<Double> recent = new ArrayDeque<>();
    private final int decimals;
    private final boolean percent;
    private double current = Double.NaN;
    private Color lineColor = Color.web("#3b82f6");

    /**
     * @param percent a 0..100 figure: the sparkline's range is 0..100, not its own min and max
     */
    public FigureTile(String id, String title, String unitText, int decimals, boolean percent) {
        this.decimals = decimals;
        this.percent = percent;
        setId(id);
        getStyleClass().add("figure-tile");
        Label t = new Label(title);
        t.getStyleClass().add("figure-title");
        value.setId(id + "-value");
        value.getStyleClass().add("figure-value");
        unit.setId(id + "-unit");
        unit.setText(unitText);
        unit.getStyleClass().add("figure-unit");
        caption.setId(id + "-caption");
        caption.getStyleClass().add("figure-caption");
        caption.setWrapText(true);
        max.setId(id + "-max");
        min.setId(id + "-min");
        max.getStyleClass().add("figure-axis");
        min.getStyleClass().add("figure-axis");
        // the figure is never cut short: it keeps its width, and the unit goes on its own line
        value.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);

        VBox axis = new VBox(max, new Pane(), min);
        VBox.setVgrow(axis.getChildren().get(1), Priority.ALWAYS);
        axis.setMinWidth(38);
        axis.setAlignment(Pos.TOP_RIGHT);
        Pane plot = new Pane(canvas);
        plot.setMinSize(40, 28);
        plot.setPrefHeight(44);
        canvas.widthProperty().bind(plot.widthProperty());
        canvas.heightProperty().bind(plot.heightProperty());
        canvas.widthProperty().addListener(o -> draw());
        canvas.heightProperty().addListener(o -> draw());
        HBox spark = new HBox(4, axis, plot);
        HBox.setHgrow(plot, Priority.ALWAYS);
        VBox.setVgrow(spark, Priority.ALWAYS);
        getChildren().setAll(t, value, unit, caption, spark);
        setSpacing(2);
        setMinSize(150, 130);
        setPrefSize(170, 150);
        setMaxWidth(Double.MAX_VALUE);
        reset();
    }

    /** A new sample: shown as the value and added to the sparkline. */
    public void push(double v) {
        recent.addLast(v);
        while (recent.size() > SPARK_POINTS) recent.removeFirst();
        show(v);
        draw();
    }

    /** Shows {@code v} (NaN: not measured) without adding it to the sparkline, e.g. the run's result. */
    public void show(double v) {
        current = v;
        value.setText(format(v, decimals));
    }

    /**
     * Nothing measured for the run's result: "–", the reason, and no sparkline (samples from before the run
     * failed are not its figure, and a line under "not measured" said otherwise).
     */
    public void notMeasured(String why) {
        recent.clear();
        current = Double.NaN;
        value.setText("–");
        caption.setText(why);
        draw();
    }

    public double value() {
        return current;
    }

    public void setCaption(String text) {
        caption.setText(text);
    }

    public String caption() {
        return caption.getText();
    }

    public void setLineColor(Color c) {
        lineColor = c;
        draw();
    }

    /** Empties the value, the caption and the sparkline with its labels. */
    public void reset() {
        recent.clear();
        current = Double.NaN;
        value.setText("–");
        caption.setText("waiting for samples");
        draw();
    }

    static String format(double v, int decimals) {
        if (Double.isNaN(v)) return "–";
        return String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth(), h = canvas.getHeight();
        g.clearRect(0, 0, w, h);
        if (recent.isEmpty()) {
            max.setText("");
            min.setText("");
            return;
        }
        double lo = percent ? 0 : recent.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double hi = percent ? 100 : recent.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        if (!percent) lo = Math.min(0, lo);
        if (hi <= lo) hi = lo + 1;
        max.setText(compact(hi));
        min.setText(compact(lo));
        if (w <= 2 || h <= 2) return;
        g.setStroke(lineColor);
        g.setLineWidth(1.6);
        g.beginPath();
        int n = recent.size(), i = 0;
        for (double v : recent) {
            // the points so far spread over the whole width; from SPARK_POINTS on, the oldest drop off the left
            double x = n == 1 ? w / 2 : 1 + (w - 2) * i / (n - 1.0);
            double y = h - 2 - (h - 4) * (v - lo) / (hi - lo);
            if (i == 0) g.moveTo(x, y);
            else g.lineTo(x, y);
            i++;
        }
        g.stroke();
    }

    /** Axis labels short enough for the column: 12.3k, 1.2M. */
    static String compact(double v) {
        double a = Math.abs(v);
        if (a >= 1e9) return String.format(Locale.ROOT, "%.1fG", v / 1e9);
        if (a >= 1e6) return String.format(Locale.ROOT, "%.1fM", v / 1e6);
        if (a >= 1e4) return String.format(Locale.ROOT, "%.0fk", v / 1e3);
        if (a >= 1e3) return String.format(Locale.ROOT, "%.1fk", v / 1e3);
        return a >= 10 || v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    /** For tests: what the sparkline holds now. */
    int sparkPoints() {
        return recent.size();
    }
}

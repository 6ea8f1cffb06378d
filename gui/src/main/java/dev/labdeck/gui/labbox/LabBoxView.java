package dev.labdeck.gui.labbox;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * The lab-in-a-box panel: the lab's name and range, Up / Status / Down, what is going on while
 * it works, what each host and link looks like, and why it cannot work when it cannot.
 */
public final class LabBoxView extends BorderPane {
    public LabBoxView(LabBoxViewModel vm) {
        setId("labbox-view");
        Label title = new Label("Lab-in-a-box");
        title.getStyleClass().add("heading");
        Label intro = new Label("Hosts src, dst and memif as network namespaces on this machine, each with a real sshd, joined by veth links "
                + "(as `labdeck lab up` builds them). Profiles reach them by the lab's name. Needs Linux and root.");
        intro.setWrapText(true);
        intro.getStyleClass().add("muted");

        TextField name = new TextField();
        name.setId("labbox-name");
        name.textProperty().bindBidirectional(vm.nameProperty());
        TextField range = new TextField();
        range.setId("labbox-range");
        range.setPromptText("10.231.0.0/16 (default), or the lab's current range");
        range.textProperty().bindBidirectional(vm.rangeProperty());
        GridPane form = new GridPane(10, 6);
        form.addRow(0, new Label("Lab name"), name);
        form.addRow(1, new Label("Address range"), range);
        GridPane.setHgrow(range, Priority.ALWAYS);

        Button up = new Button("Up");
        up.setId("labbox-up");
        up.setTooltip(new Tooltip("Build the lab (or check it when it is up)"));
        up.setOnAction(e -> vm.up());
        Button status = new Button("Status");
        status.setId("labbox-status");
        status.setOnAction(e -> vm.refresh());
        Button down = new Button("Down");
        down.setId("labbox-down");
        down.setTooltip(new Tooltip("Remove the lab: its sshds, namespaces and links"));
        down.setOnAction(e -> vm.down());
        for (Button b : new Button[] {up, status, down}) b.disableProperty().bind(vm.busyProperty());
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(22, 22);
        spinner.visibleProperty().bind(vm.busyProperty());
        Label progress = new Label();
        progress.setId("labbox-progress");
        progress.textProperty().bind(vm.progressProperty());
        HBox buttons = new HBox(8, up, status, down, spinner, progress);
        buttons.setAlignment(Pos.CENTER_LEFT);

        Label headline = new Label();
        headline.setId("labbox-headline");
        headline.getStyleClass().add("heading");
        headline.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> {
            LabBoxControl.Status s = vm.statusProperty().get();
            if (s == null) return "Press Status to look at the lab.";
            if (s.up()) return "Lab " + s.name() + " is up on " + s.range();
            if (s.absent()) return "Lab " + s.name() + " is down (nothing of it is there)";
            return "Lab " + s.name() + " is broken: Up rebuilds it, Down removes what is left";
        }, vm.statusProperty()));
        Label outcome = new Label();
        outcome.setId("labbox-outcome");
        outcome.setWrapText(true);
        outcome.textProperty().bind(vm.outcomeProperty());
        Label cannot = new Label();
        cannot.setId("labbox-cannot");
        cannot.setWrapText(true);
        cannot.getStyleClass().add("validation-bad");
        cannot.textProperty().bind(vm.cannotProperty().map(t -> t.isEmpty() ? "" : "This machine cannot build the lab:\n" + t));
        cannot.visibleProperty().bind(vm.cannotProperty().isNotEmpty());
        cannot.managedProperty().bind(cannot.visibleProperty());
        ListView<String> lines = new ListView<>(vm.lines());
        lines.setId("labbox-lines");
        lines.setPlaceholder(new Label("No hosts or links of this lab are there."));

        VBox box = new VBox(10, title, intro, form, buttons, cannot, outcome, headline, lines);
        VBox.setVgrow(lines, Priority.ALWAYS);
        box.setPadding(new Insets(16));
        box.setMaxWidth(1000);
        setCenter(box);

        Timeline pulse = new Timeline(new KeyFrame(Duration.millis(500), e -> vm.tick(java.time.Instant.now())));
        pulse.setCycleCount(Timeline.INDEFINITE);
        pulse.play();
    }
}

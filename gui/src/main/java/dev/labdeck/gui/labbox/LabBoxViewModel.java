package dev.labdeck.gui.labbox;

import dev.labdeck.gui.task.BackgroundTasks;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The lab-in-a-box panel: which lab, its state, and up / status / down with what is going on
 * and, when it cannot work, why (not root, no sshd, the range is taken).
 */
public final class LabBoxViewModel {
    private final LabBoxControl control;
    private final BackgroundTasks tasks;
    private final StringProperty name = new SimpleStringProperty("labdeck");
    private final StringProperty range = new SimpleStringProperty("");
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final StringProperty progress = new SimpleStringProperty("");
    private final StringProperty outcome = new SimpleStringProperty("");
    private final StringProperty cannot = new SimpleStringProperty("");
    private final ObjectProperty<LabBoxControl.Status> status = new SimpleObjectProperty<>();
    private final ObservableList<String> lines = FXCollections.observableArrayList();
    private Instant started;
    private String doing;

    public LabBoxViewModel(LabBoxControl control, BackgroundTasks tasks) {
        this.control = control;
        this.tasks = tasks;
    }

    public StringProperty nameProperty() { return name; }
    public StringProperty rangeProperty() { return range; }
    public BooleanProperty busyProperty() { return busy; }
    public StringProperty progressProperty() { return progress; }
    /** The last action's result in words ("lab lg is up: ..."), or its error. */
    public StringProperty outcomeProperty() { return outcome; }
    /** Why the lab cannot be built here, or empty. */
    public StringProperty cannotProperty() { return cannot; }
    public ObjectProperty<LabBoxControl.Status> statusProperty() { return status; }
    public ObservableList<String> lines() { return lines; }

    /** Checks the machine and the lab's state (in the background). */
    public void refresh() {
        run("Checking lab " + name.get() + " ...", () -> {
            List<String> why = control.cannotBuild();
            return new Result(null, why, control.status(name.get().strip()));
        });
    }

    public void up() {
        List<String> why = control.cannotBuild();
        if (!why.isEmpty()) {
            cannot.set(String.join("\n", why));
            outcome.set("Cannot build the lab here: " + String.join("; ", why));
            return;
        }
        String n = name.get().strip();
        String r = range.get() == null || range.get().isBlank() ? null : range.get().strip();
        run("Building lab " + n + ": namespaces, bridge, veth links, an sshd per host ...",
                () -> new Result(control.up(n, r), List.of(), control.status(n)));
    }

    public void down() {
        String n = name.get().strip();
        run("Removing lab " + n + ": sshds, namespaces, links ...", () -> new Result(control.down(n), List.of(), control.status(n)));
    }

    /** Called by the view's pulse: how long the action has been going. */
    public void tick(Instant now) {
        if (busy.get() && started != null) {
            progress.set(doing + " (" + Duration.between(started, now).toSeconds() + " s)");
        }
    }

    private record Result(String done, List<String> cannot, LabBoxControl.Status status) {}

    private void run(String what, java.util.concurrent.Callable<Result> work) {
        if (busy.get()) return;
        busy.set(true);
        started = Instant.now();
        doing = what;
        progress.set(what);
        tasks.run("lab-box", work, r -> {
            busy.set(false);
            progress.set("");
            cannot.set(String.join("\n", r.cannot()));
            if (r.done() != null) outcome.set(r.done());
            show(r.status());
        }, e -> {
            busy.set(false);
            progress.set("");
            outcome.set("Failed: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            tasks.run("lab-box-status", () -> control.status(name.get().strip()), this::show, x -> {});
        });
    }

    private void show(LabBoxControl.Status s) {
        status.set(s);
        lines.setAll(s == null ? List.of() : s.lines());
        if (s != null) lines.addAll(s.problems().stream().map(p -> "problem: " + p).toList());
    }
}

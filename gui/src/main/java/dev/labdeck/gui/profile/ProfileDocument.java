package dev.labdeck.gui.profile;

import dev.labdeck.controller.profile.Profile;
import dev.labdeck.gui.task.BackgroundTasks;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The profile being edited: its model, its file, whether it has unsaved changes, the YAML Save
 * would write and its problems. The one place that knows the open profile; every view listens.
 */
public final class ProfileDocument {
    private final ProfileFiles files;
    private final BackgroundTasks tasks;
    private final RecentFiles recent;

    private final ObjectProperty<Profile> profile = new SimpleObjectProperty<>();
    private final ObjectProperty<Path> file = new SimpleObjectProperty<>();
    private final BooleanProperty dirty = new SimpleBooleanProperty();
    private final StringProperty yaml = new SimpleStringProperty("");
    private final ObservableList<String> problems = FXCollections.observableArrayList();
    private final StringBinding title;
    private long checkGeneration;

    public ProfileDocument(ProfileFiles files, BackgroundTasks tasks, RecentFiles recent) {
        this.files = files;
        this.tasks = tasks;
        this.recent = recent;
        title = Bindings.createStringBinding(() -> {
            Profile p = profile.get();
            if (p == null) return "LabDeck";
            String where = file.get() == null ? "not saved yet" : file.get().toString();
            return "LabDeck — " + p.name() + " (" + where + ")" + (dirty.get() ? " *" : "");
        }, profile, file, dirty);
    }

    public ReadOnlyObjectProperty<Profile> profileProperty() { return profile; }
    public Profile profile() { return profile.get(); }
    public ReadOnlyObjectProperty<Path> fileProperty() { return file; }
    public ReadOnlyBooleanProperty dirtyProperty() { return dirty; }
    public boolean isDirty() { return dirty.get(); }
    public ReadOnlyStringProperty yamlProperty() { return yaml; }
    public ObservableList<String> problems() { return problems; }
    public StringBinding titleBinding() { return title; }
    public ObservableList<Path> recentFiles() { return recent.files(); }
    public ProfileFiles files() { return files; }

    /** Opens {@code path} in the background; {@code onError} gets a failure to show the user. */
    public void open(Path path, Runnable onOpened, Consumer<Throwable> onError) {
        tasks.run("open-profile", () -> files.load(path), p -> {
            show(p, path, false);
            recent.add(path);
            onOpened.run();
        }, onError);
    }

    /** Starts a new, unsaved profile from a bundled one: Save will ask where to put it. */
    public void newFrom(Path bundled, Runnable onOpened, Consumer<Throwable> onError) {
        tasks.run("new-profile", () -> files.load(bundled), p -> {
            show(p, null, true);
            onOpened.run();
        }, onError);
    }

    /** Shows an already loaded profile (from the command line, or a test). */
    public void show(Profile p, Path path, boolean unsaved) {
        profile.set(p);
        file.set(path);
        dirty.set(unsaved);
        refreshDerived();
    }

    /** An edit from the Lab view: the profile changes and is now unsaved. */
    public void edit(Profile changed) {
        if (changed.equals(profile.get())) return;
        profile.set(changed);
        dirty.set(true);
        refreshDerived();
    }

    public void save(Runnable onSaved, Consumer<Throwable> onError) {
        if (file.get() == null) throw new IllegalStateException("no file yet: use saveAs");
        saveAs(file.get(), onSaved, onError);
    }

    public void saveAs(Path target, Runnable onSaved, Consumer<Throwable> onError) {
        Profile snapshot = profile.get();
        tasks.run("save-profile", () -> {
            files.save(snapshot, target);
            return target;
        }, saved -> {
            file.set(saved);
            // later edits made while saving keep the document dirty
            dirty.set(!snapshot.equals(profile.get()));
            recent.add(saved);
            onSaved.run();
        }, onError);
    }

    private void refreshDerived() {
        Profile p = profile.get();
        if (p == null) {
            yaml.set("");
            problems.clear();
            return;
        }
        long generation = ++checkGeneration;
        tasks.run("check-profile", () -> new Derived(files.toYaml(p), files.problems(p)), d -> {
            if (generation != checkGeneration) return; // a newer edit already replaced this one
            yaml.set(d.yaml());
            problems.setAll(d.problems());
        }, e -> {
            if (generation != checkGeneration) return;
            problems.setAll(List.of("cannot check the profile: " + e.getMessage()));
        });
    }

    private record Derived(String yaml, List<String> problems) {}
}

package dev.labdeck.gui.profile;

import dev.labdeck.controller.profile.Profile;
import dev.labdeck.gui.task.BackgroundTasks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * The profile being edited: its text (what Save writes, comments and all), the model it reads as,
 * its file, whether it has unsaved changes, its problems, and the undo and redo history. The one
 * place that knows the open profile; every view listens.
 *
 * <p>An edit of the model (the inspector, the canvas) changes the text in place, only where the
 * value changed; an edit of the text (the YAML tab) becomes the model once it reads as a profile.
 * While the text has problems the model stays as it was and model edits wait (the user fixes the
 * text or undoes).
 */
public final class ProfileDocument {
    /** {@code FILE:LINE:COLUMN: message}, as validate prints a problem. */
    private static final Pattern AT = Pattern.compile("^(.*?):(\\d+):(\\d+): (.*)$", Pattern.DOTALL);

    private record State(String text, Profile profile, boolean textAhead) {}

    /** Where a problem is: 1-based line and column, or 0 when not known. */
    public record Position(int line, int column, String message) {}

    private final ProfileFiles files;
    private final BackgroundTasks tasks;
    private final RecentFiles recent;

    private final ObjectProperty<Profile> profile = new SimpleObjectProperty<>();
    private final ObjectProperty<Path> file = new SimpleObjectProperty<>();
    private final BooleanProperty dirty = new SimpleBooleanProperty();
    private final StringProperty text = new SimpleStringProperty("");
    private final StringProperty notice = new SimpleStringProperty("");
    private final ObservableList<String> problems = FXCollections.observableArrayList();
    private final BooleanProperty canUndo = new SimpleBooleanProperty();
    private final BooleanProperty canRedo = new SimpleBooleanProperty();
    private final BooleanProperty textAhead = new SimpleBooleanProperty();
    private final Deque<State> undo = new ArrayDeque<>();
    private final Deque<State> redo = new ArrayDeque<>();
    private final StringBinding title;
    private String savedText;
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
    /** The text Save writes: the file's own text with the edits made in place. */
    public ReadOnlyStringProperty yamlProperty() { return text; }
    public String text() { return text.get(); }
    /** Something the user should know about the last edit ("written whole because ..."), or empty. */
    public ReadOnlyStringProperty noticeProperty() { return notice; }
    public ObservableList<String> problems() { return problems; }
    public StringBinding titleBinding() { return title; }
    public ObservableList<Path> recentFiles() { return recent.files(); }
    public ProfileFiles files() { return files; }
    public ReadOnlyBooleanProperty canUndoProperty() { return canUndo; }
    public ReadOnlyBooleanProperty canRedoProperty() { return canRedo; }
    /** True while the YAML text has been edited into something that does not read as a profile. */
    public ReadOnlyBooleanProperty textAheadProperty() { return textAhead; }

    /** Where problem {@code line} points ({@code FILE:LINE:COLUMN: message}). */
    public static Position positionOf(String problem) {
        Matcher m = AT.matcher(problem);
        if (m.matches()) return new Position(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), m.group(4));
        int colon = problem.indexOf(": ");
        return new Position(0, 0, colon < 0 ? problem : problem.substring(colon + 2));
    }

    /** Opens {@code path} in the background; {@code onError} gets a failure to show the user. */
    public void open(Path path, Runnable onOpened, Consumer<Throwable> onError) {
        tasks.run("open-profile", () -> files.open(path), o -> {
            show(o.profile(), o.text(), path, false);
            recent.add(path);
            onOpened.run();
        }, onError);
    }

    /** Starts a new, unsaved profile from a bundled one (its comments too): Save will ask where to put it. */
    public void newFrom(Path bundled, Runnable onOpened, Consumer<Throwable> onError) {
        tasks.run("new-profile", () -> files.open(bundled), o -> {
            show(o.profile(), o.text(), null, true);
            onOpened.run();
        }, onError);
    }

    /** Shows an already loaded profile (from the command line, or a test); its text is read from {@code path}. */
    public void show(Profile p, Path path, boolean unsaved) {
        String t = null;
        try {
            if (path != null && Files.isRegularFile(path)) t = Files.readString(path);
        } catch (java.io.IOException e) {
            t = null;
        }
        show(p, t != null ? t : files.toYaml(p), path, unsaved);
    }

    public void show(Profile p, String source, Path path, boolean unsaved) {
        undo.clear();
        redo.clear();
        notice.set("");
        file.set(path);
        savedText = unsaved ? null : source;
        text.set(source);
        textAhead.set(false);
        profile.set(p);
        afterChange();
    }

    /** An edit of the model (the Lab view): the text changes where the value changed; one undo step. */
    public void edit(Profile changed) {
        if (changed.equals(profile.get())) return;
        if (textAhead.get()) {
            notice.set("The YAML has problems: fix them there (or undo) before editing in the form.");
            return;
        }
        ProfileFiles.Edited e = files.edit(text.get(), profile.get(), changed);
        remember();
        notice.set(e.note() == null ? "" : "This edit rewrote the whole file (" + e.note() + ").");
        text.set(e.text());
        profile.set(changed);
        afterChange();
    }

    /** An edit of the text (the YAML tab): becomes the model once it reads as a profile; one undo step. */
    public void editText(String changed) {
        if (changed == null || changed.equals(text.get())) return;
        remember();
        text.set(changed);
        notice.set("");
        textAhead.set(true); // until the check says it reads as a profile
        afterChange();
    }

    public void undo() {
        if (undo.isEmpty()) return;
        redo.push(current());
        restore(undo.pop());
    }

    public void redo() {
        if (redo.isEmpty()) return;
        undo.push(current());
        restore(redo.pop());
    }

    private State current() {
        return new State(text.get(), profile.get(), textAhead.get());
    }

    private void remember() {
        undo.push(current());
        redo.clear();
    }

    private void restore(State s) {
        text.set(s.text());
        textAhead.set(s.textAhead());
        profile.set(s.profile());
        notice.set("");
        afterChange();
    }

    private void afterChange() {
        canUndo.set(!undo.isEmpty());
        canRedo.set(!redo.isEmpty());
        dirty.set(savedText == null || !savedText.equals(text.get()));
        refreshProblems();
    }

    public void save(Runnable onSaved, Consumer<Throwable> onError) {
        if (file.get() == null) throw new IllegalStateException("no file yet: use saveAs");
        saveAs(file.get(), onSaved, onError);
    }

    public void saveAs(Path target, Runnable onSaved, Consumer<Throwable> onError) {
        String snapshot = text.get();
        tasks.run("save-profile", () -> {
            files.save(snapshot, target);
            return target;
        }, saved -> {
            saved(saved, snapshot);
            onSaved.run();
        }, onError);
    }

    /** Saves now, on this thread (the unsaved-changes guard, which must know before it goes on). */
    public void saveNow(Path target) throws Exception {
        String snapshot = text.get();
        files.save(snapshot, target);
        saved(target, snapshot);
    }

    private void saved(Path target, String snapshot) {
        boolean moved = !target.equals(file.get());
        file.set(target);
        savedText = snapshot;
        // later edits made while saving keep the document dirty
        dirty.set(!snapshot.equals(text.get()));
        recent.add(target);
        if (moved) refreshProblems(); // problems name the file
    }

    private String displayName() {
        if (file.get() != null) return file.get().toString();
        return (profile.get() != null ? profile.get().name() : "profile") + ".yaml (not saved)";
    }

    private void refreshProblems() {
        if (profile.get() == null) {
            problems.clear();
            return;
        }
        long generation = ++checkGeneration;
        String t = text.get();
        Path f = file.get();
        String display = displayName();
        tasks.run("check-profile", () -> files.parse(t, f, display), parsed -> {
            if (generation != checkGeneration) return; // a newer edit already replaced this one
            problems.setAll(parsed.problems());
            if (textAhead.get() && parsed.profile() != null) {
                textAhead.set(false);
                if (!parsed.profile().equals(profile.get())) profile.set(parsed.profile());
            }
        }, e -> {
            if (generation != checkGeneration) return;
            problems.setAll(List.of("cannot check the profile: " + e.getMessage()));
        });
    }
}

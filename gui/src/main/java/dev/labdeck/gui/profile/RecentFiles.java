package dev.labdeck.gui.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The last profiles opened or saved, newest first, kept one path a line in a small file. */
public final class RecentFiles {
    private static final Logger LOG = LoggerFactory.getLogger(RecentFiles.class);
    static final int MAX = 8;

    private final Path store;
    private final ObservableList<Path> files = FXCollections.observableArrayList();

    public RecentFiles(Path store) {
        this.store = store;
        try {
            if (Files.isRegularFile(store)) {
                for (String line : Files.readAllLines(store)) {
                    if (!line.isBlank() && files.size() < MAX) files.add(Path.of(line.trim()));
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read recent files from {}", store, e);
        }
    }

    /** recent-profiles in the user's settings directory (UserDirs: ~/.config/labdeck, or ~/.labdeck for existing users) */
    public static RecentFiles inUserHome() {
        return new RecentFiles(dev.labdeck.controller.settings.UserDirs.forThisUser().config().resolve("recent-profiles"));
    }

    public ObservableList<Path> files() {
        return files;
    }

    public void add(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        files.remove(abs);
        files.addFirst(abs);
        while (files.size() > MAX) files.removeLast();
        List<String> lines = new ArrayList<>();
        for (Path p : files) lines.add(p.toString());
        try {
            Files.createDirectories(store.getParent());
            Files.write(store, lines);
        } catch (IOException e) {
            LOG.warn("cannot remember recent files in {}", store, e);
        }
    }
}

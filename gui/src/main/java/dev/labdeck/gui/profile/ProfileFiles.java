package dev.labdeck.gui.profile;

import dev.labdeck.controller.profile.Profile;
import java.nio.file.Path;
import java.util.List;

/**
 * What the app needs from the controller's profile API: read a file's text and profile, check text
 * with the messages {@code labdeck validate} prints, edit the text in place, write it. One seam,
 * so view models are tested without files.
 */
public interface ProfileFiles {
    /** A file as opened: its text as it is on disk and the profile it reads as. */
    record Opened(String text, Profile profile) {}

    /** Text as read: the profile, or null with the problems ({@code FILE:LINE:COLUMN: message}). */
    record Parsed(Profile profile, List<String> problems) {}

    /** The text after an edit; {@code note} says why it was written whole, or is null. */
    record Edited(String text, String note) {}

    /** Reads and validates a profile file; the exception's message lists every problem. */
    Opened open(Path file) throws Exception;

    /** The whole profile as the writer writes it (a profile with no text yet). */
    String toYaml(Profile profile);

    /** Reads {@code text} as {@code labdeck validate} would read it from {@code file} (null: not saved). */
    Parsed parse(String text, Path file, String displayName);

    /** {@code text} with the change from {@code before} to {@code after}: comments and untouched values kept. */
    Edited edit(String text, Profile before, Profile after);

    /**
     * The logical path of the value on {@code line} of {@code text} ({@code links[0].a},
     * {@code hosts.dst.services[1].env}), or "" when none; for going from a problem to its field.
     */
    String pathAt(String text, int line);

    /** Writes {@code text} to {@code file}, keeping the file's mode. */
    void save(String text, Path file) throws Exception;
}

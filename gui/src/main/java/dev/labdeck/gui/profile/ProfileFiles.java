package dev.labdeck.gui.profile;

import dev.labdeck.controller.profile.Profile;
import java.nio.file.Path;
import java.util.List;

/**
 * What the app needs from the controller's profile API: read, write as YAML, and check with the
 * same messages {@code labdeck validate} prints. One seam, so view models are tested without files.
 */
public interface ProfileFiles {
    /** Reads and validates a profile file; the exception's message lists every problem. */
    Profile load(Path file) throws Exception;

    /** The YAML that Save writes. */
    String toYaml(Profile profile);

    /** Problems of an edited profile as {@code FILE:LINE:COLUMN: message} lines; empty when valid. */
    List<String> problems(Profile profile);

    /** Writes the profile to {@code file} (the YAML of {@link #toYaml}). */
    void save(Profile profile, Path file) throws Exception;
}

package dev.labdeck.gui.engine;

import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.ProfileException;
import dev.labdeck.controller.profile.ProfileLoader;
import dev.labdeck.controller.profile.ProfileProblem;
import dev.labdeck.controller.profile.ProfileValidator;
import dev.labdeck.controller.profile.ProfileWriter;
import dev.labdeck.gui.profile.ProfileFiles;
import java.nio.file.Path;
import java.util.List;

/** The controller's profile loader, validator and writer behind the app's {@link ProfileFiles}. */
public final class ControllerProfileFiles implements ProfileFiles {

    @Override
    public Profile load(Path file) throws Exception {
        try {
            return ProfileLoader.load(file);
        } catch (ProfileException e) {
            throw new InvalidProfileException(e);
        }
    }

    @Override
    public String toYaml(Profile profile) {
        return ProfileWriter.toYaml(profile);
    }

    /**
     * Checks the YAML that Save would write with the loader {@code labdeck validate} uses, so the
     * lines, columns and messages are those validate would print for the saved file.
     */
    @Override
    public List<String> problems(Profile profile) {
        String name = profile.source() != null ? profile.source().toString() : profile.name() + ".yaml (not saved)";
        try {
            ProfileLoader.parse(ProfileWriter.toYaml(profile), name, profile.source());
            return List.of();
        } catch (ProfileException e) {
            return e.problems().stream().map(ProfileProblem::toString).toList();
        } catch (RuntimeException e) {
            // the profile cannot even be written out: fall back to the model checks
            return ProfileValidator.validate(profile).stream().map(ProfileProblem::toString).toList();
        }
    }

    @Override
    public void save(Profile profile, Path file) throws Exception {
        ProfileWriter.write(profile, file);
    }

    /** A profile that does not load: the message is every problem, one per line, as validate prints them. */
    public static final class InvalidProfileException extends Exception {
        public InvalidProfileException(ProfileException e) {
            super(String.join("\n", e.problems().stream().map(ProfileProblem::toString).toList()), e);
        }
    }
}

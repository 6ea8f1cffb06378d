package dev.labdeck.gui.engine;

import dev.labdeck.controller.lab.LabException;
import dev.labdeck.controller.lab.LabInABox;
import dev.labdeck.controller.lab.LabPreconditions;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code labdeck demo} runs, for the app: the lab-in-a-box UDP test when the lab can be
 * brought up here (as {@code labdeck demo} does, through the controller's {@link LabInABox}),
 * else the loopback test on this machine, saying why.
 */
public final class DemoLab {
    private static final Logger LOG = LoggerFactory.getLogger(DemoLab.class);
    static final String LAB_PROFILE = "profiles/lab-in-a-box-udp.yaml";
    static final String LOOPBACK_PROFILE = "profiles/local-loopback.yaml";

    private DemoLab() {}

    /** Brings the lab up if it can (this waits: call it off the UI thread); returns the profile to run. */
    public static Path prepare(Path home, Consumer<String> progress) {
        List<String> missing = LabPreconditions.missing();
        if (!missing.isEmpty()) {
            progress.accept("No lab-in-a-box here (" + String.join("; ", missing) + "): running the loopback test on this machine.");
            return home.resolve(LOOPBACK_PROFILE);
        }
        try {
            progress.accept("Bringing up the lab-in-a-box '" + LabInABox.DEFAULT_NAME + "' ...");
            new LabInABox().up(LabInABox.DEFAULT_NAME, null);
            // the profile's lab: references name no lab; they resolve against this one
            System.setProperty("labdeck.lab", LabInABox.DEFAULT_NAME);
            progress.accept("The lab-in-a-box is up; it stays up afterwards (labdeck lab down removes it).");
            return home.resolve(LAB_PROFILE);
        } catch (LabException e) {
            LOG.info("demo: lab up failed", e);
            progress.accept("The lab-in-a-box did not come up (" + e.getMessage() + "): running the loopback test instead.");
            return home.resolve(LOOPBACK_PROFILE);
        }
    }
}

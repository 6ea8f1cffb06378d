package dev.labdeck.gui.labbox;

import java.util.List;

/**
 * The lab-in-a-box as the app drives it: the controller's lab API behind one seam (the app never
 * runs a shell). Every method blocks; the view model calls them on background tasks.
 */
public interface LabBoxControl {
    /** What is there of lab {@code name}: a headline and a line per host and link. */
    record Status(String name, boolean up, boolean absent, String range, List<String> lines, List<String> problems) {}

    /** Why the lab cannot be built on this machine (not root, no sshd ...); empty when it can. */
    List<String> cannotBuild();

    Status status(String name) throws Exception;

    /** Builds the lab (or checks it when it is up); returns what was done, in words. */
    String up(String name, String range) throws Exception;

    /** Removes the lab; returns what was removed, in words. */
    String down(String name) throws Exception;
}

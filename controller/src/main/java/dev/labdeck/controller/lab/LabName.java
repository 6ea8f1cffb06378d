package dev.labdeck.controller.lab;

import java.util.regex.Pattern;

/**
 * Checks lab names. Every interface a lab creates in the root namespace is
 * {@code <name>-<suffix>} with a suffix of at most 6 characters ({@code -memif}), and Linux
 * interface names are at most 15 characters, so a name has at most 9. Names have no {@code -},
 * so the prefix {@code <name>-} belongs to exactly one lab.
 */
public final class LabName {
    public static final int MAX_LENGTH = 9;
    private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9]*");

    private LabName() {}

    public static String check(String name) throws LabException {
        if (name == null || name.isEmpty()) {
            throw new LabException("the lab needs a name");
        }
        if (name.length() > MAX_LENGTH) {
            throw new LabException("lab name '" + name + "' is too long: at most " + MAX_LENGTH
                    + " characters, because Linux interface names (<name>-memif) are at most 15");
        }
        if (!VALID.matcher(name).matches()) {
            throw new LabException("lab name '" + name + "' must be lower-case letters and digits, starting with a letter");
        }
        return name;
    }
}

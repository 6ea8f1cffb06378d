package dev.labdeck.controller.profile;

/**
 * One thing wrong with a profile, where it is and what was expected.
 *
 * @param file    the file as the user named it (or a display name for text that came from elsewhere)
 * @param line    1-based line, or 0 when the position is not known (a profile built in memory)
 * @param column  1-based column, or 0 when not known
 * @param message what is wrong, in the lab's words, and what was expected
 */
public record ProfileProblem(String file, int line, int column, String message) {

    /** {@code FILE:LINE:COLUMN: message}, the form editors and terminals link to. */
    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ":" + column + ": " + message : file + ": " + message;
    }
}

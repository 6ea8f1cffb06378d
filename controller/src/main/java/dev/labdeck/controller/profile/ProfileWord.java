package dev.labdeck.controller.profile;

/**
 * A closed set of words of the profile, as an enum: XDP modes and actions, stop signals, metric
 * groups, result formats, baseline kinds, link and readiness kinds. The reader accepts exactly
 * {@link #word()} (case-insensitive) and suggests the closest on a typo; the writer writes it; the
 * schema lists them all; the desktop app offers them as choices.
 */
public interface ProfileWord {

    /** The word as written in a profile. */
    String word();

    /** Other spellings the reader also takes for this word (none by default). */
    default java.util.List<String> aliases() {
        return java.util.List.of();
    }

    /** Every word of {@code type}, in declaration order. */
    static <E extends Enum<E> & ProfileWord> java.util.List<String> words(Class<E> type) {
        return java.util.Arrays.stream(type.getEnumConstants()).map(ProfileWord::word).toList();
    }

    /** The constant written as {@code word} (or one of its aliases), ignoring case; null when none. */
    static <E extends Enum<E> & ProfileWord> E of(Class<E> type, String word) {
        for (E e : type.getEnumConstants()) {
            if (e.word().equalsIgnoreCase(word) || e.aliases().stream().anyMatch(a -> a.equalsIgnoreCase(word))) {
                return e;
            }
        }
        return null;
    }
}

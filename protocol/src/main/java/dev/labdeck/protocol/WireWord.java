package dev.labdeck.protocol;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/**
 * A closed set whose members are on the wire as their names in lower case ({@code "running"},
 * {@code "warn"}): the enum implements this, keeps {@code toString()} as {@link #json()} so a state
 * in a message reads as on the wire, and reads words with {@link #of}:
 * <pre>{@code
 * @Override public String toString() { return json(); }
 * @JsonCreator public static SinkState of(String word) { return WireWord.of(SinkState.class, word); }
 * }</pre>
 */
public interface WireWord {
    /** The enum constant's name (implemented by every enum). */
    String name();

    /** The wire word: the name in lower case. */
    @JsonValue
    default String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The member of {@code type} called {@code word}, in any case.
     *
     * @throws IllegalArgumentException for a word outside the set, naming the set's words
     */
    static <E extends Enum<E> & WireWord> E of(Class<E> type, String word) {
        if (word != null) {
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(word)) return e;
            }
        }
        throw new IllegalArgumentException("unknown " + type.getSimpleName() + " '" + word + "'; one of "
                + Arrays.stream(type.getEnumConstants()).map(WireWord::json).toList());
    }
}

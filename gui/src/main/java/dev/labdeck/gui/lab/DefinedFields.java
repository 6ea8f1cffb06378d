package dev.labdeck.gui.lab;

import dev.labdeck.controller.profile.ProfileDefinition;
import dev.labdeck.controller.profile.ProfileDefinition.Field;
import dev.labdeck.controller.profile.ProfileWord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Inspector fields made from the profile definition ({@link ProfileDefinition}): one per key of a
 * record whose value is a number, a word, a duration, text, a flag or a list of those. A key added
 * to the model records (engine, threads, a sweep's rates ...) appears in the inspector with its
 * documentation, its words as choices and its default, without GUI work. Nested records and keys
 * the inspector shows in its own way are left to their hand-made fields and the YAML tab.
 */
final class DefinedFields {
    private DefinedFields() {}

    /** A field the reader takes from YAML (not internal, not read by hand). */
    static boolean readable(Field f) {
        return !f.def().internal() && !f.def().custom();
    }

    /** The shapes a field of the inspector can edit. */
    static boolean editable(Field f) {
        if (f.def().internal() || f.def().custom()) return false;
        return switch (f.shape()) {
            case TEXT, WHOLE, NUMBER, BOOLEAN, DURATION, WORD, TEXT_LIST, WHOLE_LIST, WORD_LIST, TEXT_SET -> true;
            case RECORD, RECORD_LIST, CUSTOM -> false;
        };
    }

    /**
     * @param category the inspector's heading, e.g. "Traffic"
     * @param record   the record's current value
     * @param skip     keys shown by hand-made fields
     * @param apply    takes the key and its new value (of the component's type) and edits the profile
     */
    static List<InspectorField> of(String category, Record record, Set<String> skip, BiConsumer<String, Object> apply) {
        List<InspectorField> out = new ArrayList<>();
        @SuppressWarnings("unchecked")
        Class<? extends Record> type = (Class<? extends Record>) record.getClass();
        for (Field f : ProfileDefinition.fields(type)) {
            if (!editable(f) || skip.contains(f.key())) continue;
            Object value = f.get(record);
            String name = label(f.key());
            String doc = doc(f);
            if (f.shape() == ProfileDefinition.Shape.BOOLEAN) {
                out.add(InspectorField.flag(category, name, doc, Boolean.TRUE.equals(value), v -> apply.accept(f.key(), v)));
            } else if (f.shape() == ProfileDefinition.Shape.WORD) {
                out.add(InspectorField.choice(category, name, doc, format(f, value), f.words(), v -> apply.accept(f.key(), parse(f, v))));
            } else {
                out.add(InspectorField.text(category, name, doc, format(f, value), v -> apply.accept(f.key(), parse(f, v))));
            }
        }
        return out;
    }

    /** "packet_sizes" → "Packet sizes". */
    static String label(String key) {
        String s = key.replace('_', ' ');
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String doc(Field f) {
        StringBuilder sb = new StringBuilder(f.def().doc());
        if (!f.def().unit().isEmpty()) sb.append(" (").append(f.def().unit()).append(')');
        if (f.hasMin() || f.hasMax()) {
            sb.append("; ").append(f.hasMin() ? f.min() : "").append("..").append(f.hasMax() ? f.max() : "");
        }
        if (!f.def().orElse().isEmpty()) sb.append("; default ").append(f.def().orElse());
        if (!f.def().zeroWord().isEmpty()) sb.append("; or ").append(f.def().zeroWord());
        if (f.shape().name().endsWith("_LIST") || f.shape() == ProfileDefinition.Shape.TEXT_SET) sb.append("; comma separated");
        return sb.toString();
    }

    /** The value as the user writes it in YAML. */
    static String format(Field f, Object value) {
        if (value == null) return "";
        return switch (f.shape()) {
            case DURATION -> Durations.format((Duration) value);
            case WORD -> ((ProfileWord) value).word();
            case WHOLE -> !f.def().zeroWord().isEmpty() && ((Number) value).longValue() == 0 ? f.def().zeroWord() : value.toString();
            case TEXT_LIST, WHOLE_LIST, WORD_LIST, TEXT_SET -> String.join(", ", ((Collection<?>) value).stream()
                    .map(v -> v instanceof ProfileWord w ? w.word() : v.toString()).toList());
            default -> value.toString();
        };
    }

    /** The text the user typed as the component's type; a message for people when it is not one. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Object parse(Field f, String text) {
        String t = text == null ? "" : text.strip();
        Class<?> type = f.component().getType();
        try {
            return switch (f.shape()) {
                case TEXT -> t.isEmpty() ? null : t;
                case WHOLE -> {
                    if (t.isEmpty()) yield f.defaultValue();
                    long v = !f.def().zeroWord().isEmpty() && t.equalsIgnoreCase(f.def().zeroWord()) ? 0
                            : Long.parseLong(t.replace("_", "").replace(",", ""));
                    yield type == int.class || type == Integer.class ? (Object) Math.toIntExact(v) : (Object) v;
                }
                case NUMBER -> t.isEmpty() ? f.defaultValue() : (Object) Double.parseDouble(t);
                case BOOLEAN -> Boolean.parseBoolean(t);
                case DURATION -> t.isEmpty() ? f.defaultValue() : Durations.parse(t);
                case WORD -> t.isEmpty() ? f.defaultValue() : word(f, t);
                case WHOLE_LIST -> {
                    List<Object> out = new ArrayList<>();
                    for (String part : items(t)) {
                        long v = Long.parseLong(part.replace("_", ""));
                        out.add(f.element() == Long.class ? (Object) v : (Object) Math.toIntExact(v));
                    }
                    yield List.copyOf(out);
                }
                case TEXT_LIST -> List.copyOf(items(t));
                case TEXT_SET -> Set.copyOf(new LinkedHashSet<>(items(t)));
                case WORD_LIST -> {
                    List<Object> out = new ArrayList<>();
                    for (String part : items(t)) out.add(word(f, part));
                    yield List.copyOf(out);
                }
                default -> throw new IllegalArgumentException(f.key() + " is edited in the YAML tab");
            };
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + t + "' is not " + (f.shape() == ProfileDefinition.Shape.NUMBER ? "a number"
                    : "a whole number" + (f.def().zeroWord().isEmpty() ? "" : " or " + f.def().zeroWord())) + " for " + f.key());
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object word(Field f, String t) {
        Object w = ProfileWord.of((Class) f.element(), t.toLowerCase(Locale.ROOT));
        if (w == null) throw new IllegalArgumentException("'" + t + "' is not one of " + String.join(", ", f.words()) + " for " + f.key());
        return w;
    }

    private static List<String> items(String t) {
        List<String> out = new ArrayList<>();
        for (String part : t.split(",")) {
            if (!part.isBlank()) out.add(part.strip());
        }
        return out;
    }
}

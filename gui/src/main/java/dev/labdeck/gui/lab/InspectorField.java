package dev.labdeck.gui.lab;

import java.util.List;
import java.util.function.Consumer;

/**
 * One editable line of the inspector, free of controls: the view turns it into a PropertySheet
 * item. {@code apply} takes a value of {@code type} and edits the profile.
 *
 * @param choices     allowed values for a String field shown as a choice box, or empty
 * @param completions what a text field offers as the user types (given the text so far), or null
 */
public record InspectorField(String category, String name, String description, Class<?> type, Object value,
                             List<String> choices, Consumer<Object> apply,
                             java.util.function.Function<String, List<String>> completions) {

    public InspectorField(String category, String name, String description, Class<?> type, Object value,
                          List<String> choices, Consumer<Object> apply) {
        this(category, name, description, type, value, choices, apply, null);
    }

    /** This field, offering {@code completions(text so far)} as the user types. */
    public InspectorField completedBy(java.util.function.Function<String, List<String>> completions) {
        return new InspectorField(category, name, description, type, value, choices, apply, completions);
    }

    public static InspectorField text(String category, String name, String description, String value, Consumer<String> apply) {
        return new InspectorField(category, name, description, String.class, value == null ? "" : value, List.of(),
                v -> apply.accept(v == null ? "" : v.toString().trim()));
    }

    public static InspectorField choice(String category, String name, String description, String value, List<String> choices,
                                        Consumer<String> apply) {
        return new InspectorField(category, name, description, String.class, value == null ? "" : value, List.copyOf(choices),
                v -> apply.accept(v == null ? "" : v.toString()));
    }

    public static InspectorField number(String category, String name, String description, long value, Consumer<Long> apply) {
        return new InspectorField(category, name, description, Long.class, value, List.of(),
                v -> apply.accept(v == null ? 0L : v instanceof Number n ? n.longValue() : parse(name, v.toString())));
    }

    private static long parse(String name, String text) {
        try {
            return Long.parseLong(text.strip().replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number");
        }
    }

    public static InspectorField flag(String category, String name, String description, boolean value, Consumer<Boolean> apply) {
        return new InspectorField(category, name, description, Boolean.class, value, List.of(),
                v -> apply.accept(Boolean.TRUE.equals(v)));
    }

    /** "Port" → "port" after its heading ("Readiness port"); an acronym stays as it is ("DPDK port"). */
    static String lowerFirst(String name) {
        if (name.isEmpty() || (name.length() > 1 && Character.isUpperCase(name.charAt(1)))) return name;
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}

package dev.labdeck.controller.profile;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The profile's keys as the model records define them with {@link Key}: for each record, its
 * fields in order with key, type, default, words, bounds and documentation. The reader, the
 * writer, the validator and the schema generator all ask this class, so a key is defined once.
 */
public final class ProfileDefinition {

    /** The YAML shape of a field, from the component's Java type. */
    public enum Shape {
        TEXT, WHOLE, NUMBER, BOOLEAN, DURATION, WORD, TEXT_LIST, WHOLE_LIST, WORD_LIST, TEXT_SET, RECORD, RECORD_LIST,
        CUSTOM
    }

    /**
     * One key of a record.
     *
     * @param key       the YAML key
     * @param component the record component that holds its value
     * @param def       its definition
     * @param shape     its YAML shape
     * @param element   for words and lists: the item type (the enum, the record, Integer, String)
     */
    public record Field(String key, RecordComponent component, Key def, Shape shape, Class<?> element) {

        /** How a wrong-type message names the value. */
        public String what() {
            return def.what().isEmpty() ? key : def.what();
        }

        public boolean readGenerically() {
            return !def.custom() && !def.internal();
        }

        public boolean hasMin() {
            return def.port() || def.min() != Long.MIN_VALUE;
        }

        public boolean hasMax() {
            return def.port() || def.max() != Long.MAX_VALUE;
        }

        public long min() {
            return def.port() ? dev.labdeck.protocol.AgentLimits.MIN_PORT : def.min();
        }

        public long max() {
            return def.port() ? dev.labdeck.protocol.AgentLimits.MAX_PORT : def.max();
        }

        /** The closed set of words, for {@link Shape#WORD} and {@link Shape#WORD_LIST}. */
        @SuppressWarnings({"unchecked", "rawtypes"})
        public List<String> words() {
            return element != null && element.isEnum() && ProfileWord.class.isAssignableFrom(element)
                    ? ProfileWord.words((Class) element) : List.of();
        }

        /** The value of this field in {@code record}. */
        public Object get(Record record) {
            try {
                return component.getAccessor().invoke(record);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + key + " of " + record, e);
            }
        }

        /** The fixed default (parsed from {@link Key#orElse}), or null when there is none. */
        public Object defaultValue() {
            return defaultOf(this);
        }
    }

    private static final Map<Class<?>, List<Field>> FIELDS = new ConcurrentHashMap<>();

    private ProfileDefinition() {}

    /** The fields of {@code type} in the order of its components (internal ones included). */
    public static List<Field> fields(Class<? extends Record> type) {
        return FIELDS.computeIfAbsent(type, t -> introspect(type));
    }

    /** The field with YAML key {@code key} of {@code type}. */
    public static Field field(Class<? extends Record> type, String key) {
        for (Field f : fields(type)) {
            if (f.key().equals(key)) {
                return f;
            }
        }
        throw new IllegalArgumentException(type.getSimpleName() + " has no key " + key);
    }

    /** The YAML keys of {@code type} in order (what a mapping of it may hold). */
    public static List<String> keys(Class<? extends Record> type) {
        return fields(type).stream().filter(f -> !f.def().internal()).map(Field::key).toList();
    }

    /**
     * The fixed default of {@code key} of {@code type} (null when it has none): for a record's
     * constructor that keeps an older signature compiling and fills a newer key with its default.
     */
    public static Object orElse(Class<? extends Record> type, String key) {
        return field(type, key).defaultValue();
    }

    /** The words of a closed set, for choice lists. */
    public static <E extends Enum<E> & ProfileWord> List<String> words(Class<E> type) {
        return ProfileWord.words(type);
    }

    /**
     * Builds a {@code type} from values by YAML key; a key that is absent (or null) takes its
     * field's fixed default. Values must already have the component's type.
     */
    public static <R extends Record> R build(Class<R> type, Map<String, ?> values) {
        List<Field> fields = fields(type);
        Object[] args = new Object[fields.size()];
        Class<?>[] types = new Class<?>[fields.size()];
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            Object v = values.get(f.key());
            if (v == null) {
                v = f.defaultValue();
            }
            Class<?> t = f.component().getType();
            if (v == null && t.isPrimitive()) {
                v = t == boolean.class ? Boolean.FALSE : t == double.class ? (Object) 0.0 : t == long.class ? (Object) 0L
                        : (Object) 0;
            }
            args[i] = v == null ? null : convertNumber(v, t);
            types[i] = t;
        }
        try {
            Constructor<R> c = type.getDeclaredConstructor(types);
            return c.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
        }
    }

    /** A copy of {@code record} with the value of {@code key} replaced. */
    public static <R extends Record> R with(R record, String key, Object value) {
        @SuppressWarnings("unchecked")
        Class<R> type = (Class<R>) record.getClass();
        Map<String, Object> values = new LinkedHashMap<>();
        for (Field f : fields(type)) {
            values.put(f.key(), f.get(record));
        }
        field(type, key); // fails on a wrong key
        values.put(key, value);
        return buildExact(type, values);
    }

    /** As {@link #build} but without defaults: null stays null (for copies). */
    private static <R extends Record> R buildExact(Class<R> type, Map<String, ?> values) {
        List<Field> fields = fields(type);
        Object[] args = new Object[fields.size()];
        Class<?>[] types = new Class<?>[fields.size()];
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            Object v = values.get(f.key());
            types[i] = f.component().getType();
            args[i] = v == null ? null : convertNumber(v, types[i]);
        }
        try {
            return type.getDeclaredConstructor(types).newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
        }
    }

    private static Object convertNumber(Object v, Class<?> t) {
        if (v instanceof Number n) {
            if (t == int.class || t == Integer.class) {
                return n.intValue();
            }
            if (t == long.class || t == Long.class) {
                return n.longValue();
            }
            if (t == double.class || t == Double.class) {
                return n.doubleValue();
            }
        }
        return v;
    }

    /** {@code packetSize} → {@code packet_size}. */
    static String snake(String name) {
        StringBuilder b = new StringBuilder();
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c)) {
                b.append('_').append(Character.toLowerCase(c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static List<Field> introspect(Class<? extends Record> type) {
        List<Field> out = new ArrayList<>();
        for (RecordComponent c : type.getRecordComponents()) {
            Key def = c.getAnnotation(Key.class);
            if (def == null) {
                throw new IllegalStateException(type.getSimpleName() + "." + c.getName()
                        + " has no @Key: every component of a profile record defines its key");
            }
            String key = def.name().isEmpty() ? snake(c.getName()) : def.name();
            Shape shape;
            Class<?> element = null;
            if (def.custom() || def.internal()) {
                shape = Shape.CUSTOM;
                element = itemType(c.getGenericType());
            } else {
                Class<?> t = c.getType();
                if (t == String.class) {
                    shape = Shape.TEXT;
                } else if (t == int.class || t == Integer.class || t == long.class || t == Long.class) {
                    shape = Shape.WHOLE;
                } else if (t == double.class || t == Double.class) {
                    shape = Shape.NUMBER;
                } else if (t == boolean.class || t == Boolean.class) {
                    shape = Shape.BOOLEAN;
                } else if (t == Duration.class) {
                    shape = Shape.DURATION;
                } else if (t.isEnum() && ProfileWord.class.isAssignableFrom(t)) {
                    shape = Shape.WORD;
                    element = t;
                } else if (t.isRecord()) {
                    shape = Shape.RECORD;
                    element = t;
                } else if (t == List.class || t == Set.class) {
                    element = itemType(c.getGenericType());
                    if (element == String.class) {
                        shape = t == Set.class ? Shape.TEXT_SET : Shape.TEXT_LIST;
                    } else if (t == List.class && (element == Integer.class || element == Long.class)) {
                        shape = Shape.WHOLE_LIST;
                    } else if (t == List.class && element.isEnum() && ProfileWord.class.isAssignableFrom(element)) {
                        shape = Shape.WORD_LIST;
                    } else if (t == List.class && element.isRecord()) {
                        shape = Shape.RECORD_LIST;
                    } else {
                        throw unsupported(type, c);
                    }
                } else {
                    throw unsupported(type, c);
                }
            }
            Field f = new Field(key, c, def, shape, element);
            if (!def.orElse().isEmpty()) {
                defaultOf(f); // a default that does not parse fails here, at first use of the record
            }
            out.add(f);
        }
        return List.copyOf(out);
    }

    private static IllegalStateException unsupported(Class<?> type, RecordComponent c) {
        return new IllegalStateException(type.getSimpleName() + "." + c.getName() + ": the definition cannot read "
                + c.getGenericType() + "; mark it custom = true and read it by hand");
    }

    private static Class<?> itemType(Type t) {
        if (t instanceof ParameterizedType p && p.getActualTypeArguments().length == 1
                && p.getActualTypeArguments()[0] instanceof Class<?> c) {
            return c;
        }
        return null;
    }

    private static final Map<Field, Object> DEFAULTS = new ConcurrentHashMap<>();
    private static final Object NONE = new Object();

    private static Object defaultOf(Field f) {
        Object v = DEFAULTS.computeIfAbsent(f, ProfileDefinition::parseDefault);
        return v == NONE ? null : v;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object parseDefault(Field f) {
        String text = f.def().orElse();
        if (text.isEmpty()) {
            return NONE;
        }
        Class<?> t = f.component().getType();
        String where = f.component().getDeclaringRecord().getSimpleName() + "." + f.component().getName();
        Object v = switch (f.shape()) {
            case TEXT -> text;
            case WHOLE -> text.equalsIgnoreCase(f.def().zeroWord()) ? (t == long.class || t == Long.class ? (Object) 0L : (Object) 0)
                    : t == long.class || t == Long.class ? (Object) Long.parseLong(text) : (Object) Integer.parseInt(text);
            case NUMBER -> Double.parseDouble(text);
            case BOOLEAN -> Boolean.parseBoolean(text);
            case DURATION -> Durations.parse(text);
            case WORD -> ProfileWord.of((Class) f.element(), text);
            case WORD_LIST -> {
                List<Object> items = new ArrayList<>();
                for (String w : listItems(text)) {
                    Object e = ProfileWord.of((Class) f.element(), w);
                    if (e == null) {
                        throw new IllegalStateException(where + ": default word '" + w + "' is not a word of "
                                + f.element().getSimpleName());
                    }
                    items.add(e);
                }
                yield List.copyOf(items);
            }
            case TEXT_LIST -> listItems(text);
            case TEXT_SET -> Set.copyOf(listItems(text));
            case WHOLE_LIST -> listItems(text).stream().map(Integer::valueOf).toList();
            case RECORD_LIST, CUSTOM -> {
                if (!listItems(text).isEmpty()) {
                    throw new IllegalStateException(where + ": only [] is supported as a default of a list of records");
                }
                yield List.of();
            }
            default -> throw new IllegalStateException(where + ": a default for " + f.shape() + " is not supported");
        };
        if (v == null) {
            throw new IllegalStateException(where + ": default '" + text + "' is not a " + f.shape().name()
                    .toLowerCase(Locale.ROOT));
        }
        return v;
    }

    /** {@code [a, b]} → a, b. */
    private static List<String> listItems(String text) {
        String t = text.trim();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        return t.isBlank() ? List.of() : Arrays.stream(t.split(",")).map(String::trim).toList();
    }
}

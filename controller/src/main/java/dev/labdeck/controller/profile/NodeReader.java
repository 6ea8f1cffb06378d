package dev.labdeck.controller.profile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads typed values out of the node tree, collecting a problem (with the node's line and column)
 * for every value of the wrong shape instead of stopping at the first, and recording where each
 * value was written so the validator can point at it later.
 */
final class NodeReader {

    /** The key/value pairs of one YAML mapping, with the mapping itself for "missing key" problems. */
    record Fields(Node node, String path, Map<String, NodeTuple> entries, Set<String> suggested) {
        boolean has(String key) {
            Node v = value(key);
            return v != null && !isNull(v);
        }

        Node value(String key) {
            NodeTuple t = entries.get(key);
            return t == null ? null : t.getValueNode();
        }

        Node key(String key) {
            NodeTuple t = entries.get(key);
            return t == null ? null : t.getKeyNode();
        }

        String at(String key) {
            return SourceMap.child(path, key);
        }
    }

    final String file;
    final List<ProfileProblem> problems = new ArrayList<>();
    final SourceMap positions = new SourceMap();

    NodeReader(String file) {
        this.file = file;
    }

    void problem(int line, int column, String message) {
        problems.add(new ProfileProblem(file, line, column, message));
    }

    void problem(Node at, String message) {
        Mark m = at.getStartMark();
        problem(m.getLine() + 1, m.getColumn() + 1, message);
    }

    void record(String path, Node n) {
        Mark m = n.getStartMark();
        positions.put(path, m.getLine() + 1, m.getColumn() + 1);
    }

    static boolean isNull(Node n) {
        return n instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    /**
     * A mapping whose keys must be among {@code known} (null: any key, e.g. host names). Reports
     * unknown keys with a suggestion, duplicate keys with the first one's line, and non-text keys.
     * Merge keys ({@code <<: *base}) are honoured. Returns null (with a problem) when not a mapping.
     */
    Fields fields(Node node, String path, String what, Collection<String> known, String entryNoun) {
        record(path, node);
        if (!(node instanceof MappingNode map)) {
            problem(node, "expected a mapping for " + what + ", got " + describe(node));
            return null;
        }
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        Set<String> suggested = new java.util.HashSet<>();
        List<NodeTuple> merged = new ArrayList<>();
        for (NodeTuple t : map.getValue()) {
            Node k = t.getKeyNode();
            if (k.getTag().equals(Tag.MERGE)) {
                merged.addAll(mergeSource(t.getValueNode()));
                continue;
            }
            if (!(k instanceof ScalarNode ks) || isNull(k)) {
                problem(k, "expected a name as key in " + what + ", got " + describe(k));
                continue;
            }
            String key = ks.getValue();
            NodeTuple first = entries.get(key);
            if (first != null) {
                Mark fm = first.getKeyNode().getStartMark();
                problem(k, "duplicate " + entryNoun + " '" + key + "' in " + what + " (first at line "
                        + (fm.getLine() + 1) + ")");
                continue;
            }
            if (known != null && !known.contains(key)) {
                String closest = KeySuggestion.closest(key, known);
                if (closest != null) {
                    suggested.add(closest);
                    // a later "X is missing" about the suggested key lands on the typo and is folded into it
                    record(SourceMap.child(path, closest), k);
                }
                problem(k, unknownKeyMessage(key, what, known));
                continue;
            }
            entries.put(key, t);
            record(SourceMap.child(path, key), t.getValueNode());
        }
        for (NodeTuple t : merged) {
            if (t.getKeyNode() instanceof ScalarNode ks && !entries.containsKey(ks.getValue())
                    && (known == null || known.contains(ks.getValue()))) {
                entries.put(ks.getValue(), t);
                record(SourceMap.child(path, ks.getValue()), t.getValueNode());
            }
        }
        return new Fields(node, path, entries, suggested);
    }

    Fields fields(Node node, String path, String what, Collection<String> known) {
        return fields(node, path, what, known, "key");
    }

    /** For mappings whose keys depend on a value inside them (a link's or probe's kind): unknown keys of {@code f}. */
    void checkKeys(Fields f, String what, Collection<String> known) {
        for (Map.Entry<String, NodeTuple> e : f.entries().entrySet()) {
            if (!known.contains(e.getKey())) {
                String closest = KeySuggestion.closest(e.getKey(), known);
                if (closest != null && !f.entries().containsKey(closest)) {
                    f.suggested().add(closest);
                    record(SourceMap.child(f.path(), closest), e.getValue().getKeyNode());
                }
                problem(e.getValue().getKeyNode(), unknownKeyMessage(e.getKey(), what, known));
            }
        }
    }

    String unknownKeyMessage(String key, String what, Collection<String> known) {
        String hint = KeySuggestion.hint(key, known);
        return "unknown key '" + key + "' in " + what + hint
                + (hint.isEmpty() ? "; expected one of: " + String.join(", ", known) : "");
    }

    private List<NodeTuple> mergeSource(Node v) {
        List<NodeTuple> out = new ArrayList<>();
        if (v instanceof MappingNode m) {
            out.addAll(m.getValue());
        } else if (v instanceof SequenceNode s) {
            for (Node n : s.getValue()) {
                out.addAll(mergeSource(n));
            }
        } else {
            problem(v, "a merge key '<<' needs a mapping (or a list of them), got " + describe(v));
        }
        return out;
    }

    /** Text (quoted or not; numbers are taken as written). Null when absent or with a problem. */
    String text(Node n, String path, String what) {
        if (n == null || isNull(n)) {
            return null;
        }
        record(path, n);
        if (n instanceof ScalarNode s && !s.getTag().equals(Tag.BOOL) && !s.getTag().equals(Tag.BINARY)) {
            return s.getValue();
        }
        problem(n, "expected text for " + what + ", got " + describe(n)
                + (n instanceof ScalarNode ? " (quote it if you mean the word)" : ""));
        return null;
    }

    /** A whole number. Null when absent or with a problem. */
    Long whole(Node n, String path, String what) {
        if (n == null || isNull(n)) {
            return null;
        }
        record(path, n);
        if (n instanceof ScalarNode s && s.getTag().equals(Tag.INT)) {
            Long v = parseWhole(s.getValue());
            if (v == null) {
                problem(n, what + " " + s.getValue() + " is too large");
            }
            return v;
        }
        problem(n, "expected a whole number for " + what + ", got " + describe(n) + quoteHint(n));
        return null;
    }

    /** A whole number, or one written with an SI suffix ({@code 10k}, {@code 1.5M}, {@code 1G}). */
    Long siWhole(Node n, String path, String what) {
        if (n instanceof ScalarNode s && s.getTag().equals(Tag.STR) && !s.getValue().isBlank()) {
            record(path, n);
            Long v = parseSi(s.getValue().trim());
            if (v == null) {
                problem(n, "expected a whole number for " + what + " (10000, 10k, 1.5M, 1G), got " + describe(n));
            }
            return v;
        }
        return whole(n, path, what);
    }

    /** {@code 10k} = 10000, {@code 1.5M} = 1500000, {@code 1G}; null when not one or not whole. */
    static Long parseSi(String text) {
        java.util.regex.Matcher m = SI.matcher(text);
        if (!m.matches()) {
            return null;
        }
        java.math.BigDecimal v = new java.math.BigDecimal(m.group(1).replace("_", ""))
                .multiply(java.math.BigDecimal.TEN.pow(switch (m.group(2)) {
                    case "k", "K" -> 3;
                    case "M" -> 6;
                    default -> 9;
                }));
        try {
            return v.stripTrailingZeros().longValueExact();
        } catch (ArithmeticException e) {
            return null;
        }
    }

    private static final java.util.regex.Pattern SI = java.util.regex.Pattern.compile("([0-9][0-9_]*(?:\\.[0-9]+)?)\\s*([kKMG])");

    Integer integer(Node n, String path, String what) {
        return narrow(n, whole(n, path, what), what);
    }

    private Integer narrow(Node n, Long v, String what) {
        if (v == null) {
            return null;
        }
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            problem(n, what + " " + v + " is too large");
            return null;
        }
        return v.intValue();
    }

    /** Any finite number. */
    Double number(Node n, String path, String what) {
        if (n == null || isNull(n)) {
            return null;
        }
        record(path, n);
        if (n instanceof ScalarNode s && (s.getTag().equals(Tag.INT) || s.getTag().equals(Tag.FLOAT))) {
            Double v = parseNumber(s);
            if (v != null && Double.isFinite(v)) {
                return v;
            }
            problem(n, "expected a finite number for " + what + ", got " + s.getValue());
            return null;
        }
        problem(n, "expected a number for " + what + ", got " + describe(n) + quoteHint(n));
        return null;
    }

    Boolean bool(Node n, String path, String what) {
        if (n == null || isNull(n)) {
            return null;
        }
        record(path, n);
        if (n instanceof ScalarNode s && s.getTag().equals(Tag.BOOL)) {
            String v = s.getValue().toLowerCase(java.util.Locale.ROOT);
            return v.equals("true") || v.equals("yes") || v.equals("on") || v.equals("y");
        }
        problem(n, "expected true or false for " + what + ", got " + describe(n));
        return null;
    }

    /** {@code 10s}, {@code 500ms}, {@code 2m}, {@code 1h} or a number of seconds. */
    Duration duration(Node n, String path, String what) {
        if (n == null || isNull(n)) {
            return null;
        }
        record(path, n);
        if (n instanceof ScalarNode s && !s.getTag().equals(Tag.BOOL)) {
            Duration d = Durations.parse(s.getValue());
            if (d != null) {
                return d;
            }
            if (Durations.looksLikeDuration(s.getValue())) {
                problem(n, what + " " + s.getValue().strip() + " is too long to hold; give a duration of at most a few years");
                return null;
            }
        }
        problem(n, "expected a duration for " + what + " such as 10s, 500ms, 2m or a number of seconds, got "
                + describe(n));
        return null;
    }

    /** The items of a list; a single scalar is not a list. Null (with a problem) otherwise. */
    List<Node> list(Node n, String path, String what) {
        if (n == null || isNull(n)) {
            return null;
        }
        record(path, n);
        if (n instanceof SequenceNode s) {
            List<Node> items = s.getValue();
            for (int i = 0; i < items.size(); i++) {
                record(SourceMap.index(path, i), items.get(i));
            }
            return items;
        }
        problem(n, "expected a list for " + what + ", got " + describe(n));
        return null;
    }

    /** A list of text, or (when {@code singleAllowed}) one text value meaning a list of one. */
    List<String> textList(Node n, String path, String what, boolean singleAllowed) {
        if (singleAllowed && n instanceof ScalarNode && !isNull(n)) {
            String one = text(n, SourceMap.index(path, 0), what);
            record(path, n);
            return one == null ? null : List.of(one);
        }
        List<Node> items = list(n, path, what);
        if (items == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String s = text(items.get(i), SourceMap.index(path, i), "an item of " + what);
            if (s != null) {
                out.add(s);
            } else if (isNull(items.get(i))) {
                problem(items.get(i), "empty item in " + what);
            }
        }
        return out;
    }

    List<Integer> integerList(Node n, String path, String what, boolean singleAllowed) {
        return integerList(n, path, what, singleAllowed, false);
    }

    /** A list of whole numbers ({@code si}: each may be written 10k, 1.5M). */
    List<Integer> integerList(Node n, String path, String what, boolean singleAllowed, boolean si) {
        if (singleAllowed && n instanceof ScalarNode && !isNull(n)) {
            Integer one = si ? narrow(n, siWhole(n, SourceMap.index(path, 0), what), what) : integer(n, SourceMap.index(path, 0), what);
            record(path, n);
            return one == null ? null : List.of(one);
        }
        List<Node> items = list(n, path, what);
        if (items == null) {
            return null;
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Integer v = si ? narrow(items.get(i), siWhole(items.get(i), SourceMap.index(path, i), "an item of " + what),
                    "an item of " + what) : integer(items.get(i), SourceMap.index(path, i), "an item of " + what);
            if (v != null) {
                out.add(v);
            } else if (isNull(items.get(i))) {
                problem(items.get(i), "empty item in " + what);
            }
        }
        return out;
    }

    /** A value from a closed set of words, with a suggestion when it is close to one. */
    String oneOf(Node n, String path, String what, Set<String> allowed) {
        String v = text(n, path, what);
        if (v == null) {
            return null;
        }
        String lower = v.toLowerCase(java.util.Locale.ROOT);
        if (allowed.contains(lower)) {
            return lower;
        }
        String hint = KeySuggestion.hint(v, allowed);
        problem(n, "unknown " + what + " '" + v + "'" + hint
                + (hint.isEmpty() ? "; expected one of: " + String.join(", ", allowed) : ""));
        return null;
    }

    /** A list of words from a closed set (metrics, formats); unknown ones are problems. */
    List<String> words(Node n, String path, String what, Set<String> allowed) {
        List<Node> items = list(n, path, what + "s");
        if (items == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String w = oneOf(items.get(i), SourceMap.index(path, i), what, allowed);
            if (w != null) {
                out.add(w);
            }
        }
        return List.copyOf(out);
    }

    /** A word of the closed set {@code type} (any case, or one of its aliases), with a suggestion on a typo. */
    <E extends Enum<E> & ProfileWord> E word(Node n, String path, String what, Class<E> type) {
        String v = text(n, path, what);
        if (v == null) {
            return null;
        }
        E e = ProfileWord.of(type, v.trim());
        if (e != null) {
            return e;
        }
        List<String> allowed = ProfileWord.words(type);
        String hint = KeySuggestion.hint(v, allowed);
        problem(n, "unknown " + what + " '" + v + "'" + hint
                + (hint.isEmpty() ? "; expected one of: " + String.join(", ", allowed) : ""));
        return null;
    }

    /** A list of words of the closed set {@code type} (metrics, formats); unknown ones are problems. */
    <E extends Enum<E> & ProfileWord> List<E> wordList(Node n, String path, String what, Class<E> type) {
        List<Node> items = list(n, path, what + "s");
        if (items == null) {
            return null;
        }
        List<E> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            E w = word(items.get(i), SourceMap.index(path, i), what, type);
            if (w != null) {
                out.add(w);
            }
        }
        return List.copyOf(out);
    }

    /**
     * The value of one defined key at {@code n}, typed as its record component; null when absent
     * or with a problem. {@code what} names it in messages (the seed form passes its own key).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    Object value(ProfileDefinition.Field d, Node n, String path, String what) {
        Class<?> t = d.component().getType();
        return switch (d.shape()) {
            case TEXT -> text(n, path, what);
            case WHOLE -> {
                String zero = d.def().zeroWord();
                if (!zero.isEmpty() && n instanceof ScalarNode s && !s.getTag().equals(Tag.INT)) {
                    if (s.getValue().trim().equalsIgnoreCase(zero)) {
                        record(path, n);
                        yield t == long.class || t == Long.class ? (Object) 0L : (Object) 0;
                    }
                    problem(n, "expected a whole number or " + zero + " for " + what + ", got " + describe(n));
                    yield null;
                }
                Long w = d.def().siSuffix() ? siWhole(n, path, what) : whole(n, path, what);
                Object v = t == long.class || t == Long.class ? (Object) w : (Object) narrow(n, w, what);
                if (!zero.isEmpty() && v instanceof Number z && z.longValue() == 0) {
                    // 0 stands for the word; written as a number it is out of range
                    problem(n, what + " must be " + d.min() + " to " + d.max() + " or " + zero + ", got 0");
                    yield null;
                }
                yield v;
            }
            case NUMBER -> number(n, path, what);
            case BOOLEAN -> bool(n, path, what);
            case DURATION -> duration(n, path, what);
            case WORD -> word(n, path, what, (Class) d.element());
            case WORD_LIST -> wordList(n, path, what, (Class) d.element());
            case TEXT_LIST -> textList(n, path, what, d.def().oneOrMore());
            case TEXT_SET -> {
                List<String> items = textList(n, path, what, d.def().oneOrMore());
                yield items == null ? null : java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(items));
            }
            case WHOLE_LIST -> integerList(n, path, what, d.def().oneOrMore(), d.def().siSuffix());
            case RECORD, RECORD_LIST, CUSTOM -> null;
        };
    }

    /**
     * The values of the keys {@code type} defines (see {@link Key}) that {@code f} holds, by key:
     * every key of a plain shape, typed as its record component. Keys marked custom, internal, and
     * nested records are left to the caller. A required key that is missing is reported against
     * {@code owner} ("xdp attachment 1 is missing 'host'").
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    Map<String, Object> defined(Class<? extends Record> type, Fields f, String owner) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (ProfileDefinition.Field d : ProfileDefinition.fields(type)) {
            if (!d.readGenerically()) {
                continue;
            }
            Object v = value(d, f.value(d.key()), f.at(d.key()), d.what());
            if (v == null && d.def().required() && d.shape() != ProfileDefinition.Shape.RECORD
                    && d.shape() != ProfileDefinition.Shape.RECORD_LIST) {
                require(f, d.key(), owner);
            }
            if (v != null) {
                out.put(d.key(), v);
            }
        }
        return out;
    }

    /** Reports a required key that is missing (or null) at the mapping that should hold it. */
    boolean require(Fields f, String key, String what) {
        if (f.has(key)) {
            return true;
        }
        if (f.suggested().contains(key) && f.key(key) == null) {
            return false; // "unknown key 'nmae' (did you mean 'name'?)" already says it
        }
        Node at = f.key(key) != null ? f.value(key) : f.node();
        problem(at, f.key(key) != null ? what + " '" + key + "' has no value" : what + " is missing '" + key + "'");
        return false;
    }

    static String describe(Node n) {
        if (n instanceof MappingNode) {
            return "a mapping";
        }
        if (n instanceof SequenceNode) {
            return "a list";
        }
        ScalarNode s = (ScalarNode) n;
        Tag t = s.getTag();
        if (t.equals(Tag.NULL)) {
            return "nothing";
        }
        if (t.equals(Tag.BOOL)) {
            return "the boolean " + s.getValue();
        }
        if (t.equals(Tag.INT)) {
            return "the whole number " + s.getValue();
        }
        if (t.equals(Tag.FLOAT)) {
            return "the number " + s.getValue();
        }
        return "the text \"" + shorten(s.getValue()) + "\"";
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }

    private static String quoteHint(Node n) {
        if (n instanceof ScalarNode s && s.getTag().equals(Tag.STR) && parseWhole(s.getValue().trim()) != null) {
            return " (remove the quotes)";
        }
        return "";
    }

    /** YAML 1.1 integers: 1_000, 0x1F, 0o17, 0b101, with a sign. Null if out of range or not one. */
    static Long parseWhole(String text) {
        String t = text.replace("_", "");
        int sign = 1;
        if (t.startsWith("-") || t.startsWith("+")) {
            sign = t.startsWith("-") ? -1 : 1;
            t = t.substring(1);
        }
        try {
            long v;
            if (t.startsWith("0x")) {
                v = Long.parseLong(t.substring(2), 16);
            } else if (t.startsWith("0o")) {
                v = Long.parseLong(t.substring(2), 8);
            } else if (t.startsWith("0b")) {
                v = Long.parseLong(t.substring(2), 2);
            } else {
                v = Long.parseLong(t);
            }
            return sign * v;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Double parseNumber(ScalarNode s) {
        if (s.getTag().equals(Tag.INT)) {
            Long v = parseWhole(s.getValue());
            return v == null ? null : v.doubleValue();
        }
        try {
            return Double.parseDouble(s.getValue().replace("_", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

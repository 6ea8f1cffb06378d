package dev.labdeck.controller.profile;

import java.io.StringReader;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Turns profile text into SnakeYAML's node tree, which keeps the line and column of every value.
 * Hostile or broken input becomes problems, never exceptions: malformed YAML (with SnakeYAML's
 * mark), alias bombs (too many aliases, or a tree that expands too far), recursive aliases,
 * custom tags, and an empty document.
 */
final class YamlDocument {

    /** References to collections; real profiles use a handful, billion-laughs needs many. */
    static final int MAX_COLLECTION_ALIASES = 50;
    /** Values after alias expansion; a large lab profile has a few thousand. */
    static final long MAX_EXPANDED_NODES = 100_000;
    static final int MAX_CODE_POINTS = 1_000_000;
    static final int MAX_DEPTH = 64;
    private static final String STANDARD_TAG_PREFIX = "tag:yaml.org,2002:";
    /** Plain data only: no custom or language tags ({@code !!python/object}, {@code !!java...}), no binary. */
    private static final Set<Tag> ALLOWED_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.MAP,
            Tag.SEQ, Tag.MERGE, Tag.TIMESTAMP);

    private YamlDocument() {}

    /** The root node, or null when a problem was added (to {@code reader}). */
    static Node compose(String text, NodeReader reader) {
        Yaml yaml = new Yaml(options());
        try {
            if (!eventsAcceptable(yaml, text, reader)) {
                return null;
            }
            Node root = yaml.compose(new StringReader(text));
            if (root == null) {
                reader.problem(1, 1, "the profile is empty: expected a YAML mapping of profile keys");
                return null;
            }
            return expansionAcceptable(root, reader) ? root : null;
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
            if (e.getContext() != null && e.getContext().contains("quoted scalar") && e.getContextMark() != null) {
                m = e.getContextMark(); // where the unclosed quote opens, not the end of the file
                what = "a quoted text that starts here is not closed";
                context = "";
            } else if (what.contains("block end") || what.contains("mapping values are not allowed")
                    || what.contains("block mapping")) {
                context += "; check the indentation of this line and the one before";
            }
            if (e.getContext() != null && e.getContext().contains("expected a single document")) {
                what = "a profile is one YAML document, but another one starts here";
                context = "";
            }
            if (m == null) {
                reader.problem(1, 1, "malformed YAML: " + what + context);
            } else {
                reader.problem(m.getLine() + 1, m.getColumn() + 1, "malformed YAML: " + what + context);
            }
            return null;
        } catch (YAMLException e) {
            if (String.valueOf(e.getMessage()).contains("exceeds the limit")) {
                reader.problem(1, 1, "the profile is too large: more than " + MAX_CODE_POINTS + " characters");
                return null;
            }
            reader.problem(1, 1, "cannot read YAML: " + e.getMessage());
            return null;
        }
    }

    private static LoaderOptions options() {
        LoaderOptions o = new LoaderOptions();
        o.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
        o.setCodePointLimit(MAX_CODE_POINTS);
        o.setNestingDepthLimit(MAX_DEPTH);
        o.setAllowRecursiveKeys(false);
        o.setAllowDuplicateKeys(true); // duplicates are found with their positions by NodeReader
        o.setProcessComments(false);
        // Composing builds no objects, so every tag may pass here; each node's tag is checked below with its position.
        o.setTagInspector(tag -> true);
        return o;
    }

    /**
     * Counts aliases to collections and nesting depth in the event stream, before composing, so a
     * refusal can name the line where the limit is passed.
     */
    private static boolean eventsAcceptable(Yaml yaml, String text, NodeReader reader) {
        Set<String> collectionAnchors = new HashSet<>();
        int aliases = 0;
        int depth = 0;
        for (Event e : yaml.parse(new StringReader(text))) {
            if (e instanceof CollectionStartEvent c && ++depth > MAX_DEPTH) {
                Mark m = c.getStartMark();
                reader.problem(m.getLine() + 1, m.getColumn() + 1, "lists and mappings are nested more than "
                        + MAX_DEPTH + " levels deep here: refused");
                return false;
            }
            if (e instanceof CollectionEndEvent) {
                depth--;
            }
            if (e instanceof CollectionStartEvent c && c.getAnchor() != null) {
                collectionAnchors.add(c.getAnchor());
            } else if (e instanceof ScalarEvent s && s.getAnchor() != null) {
                collectionAnchors.remove(s.getAnchor());
            } else if (e instanceof AliasEvent a && collectionAnchors.contains(a.getAnchor())) {
                if (++aliases > MAX_COLLECTION_ALIASES) {
                    Mark m = a.getStartMark();
                    reader.problem(m.getLine() + 1, m.getColumn() + 1, "more than " + MAX_COLLECTION_ALIASES
                            + " aliases to lists or mappings: refused as a possible alias bomb");
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Refuses trees that would expand past {@link #MAX_EXPANDED_NODES} (nested aliases multiply)
     * or that contain themselves, and nodes with custom tags. Linear in the distinct nodes.
     */
    private static boolean expansionAcceptable(Node root, NodeReader reader) {
        Map<Node, Long> sizes = new IdentityHashMap<>();
        Set<Node> onPath = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        boolean[] failed = {false, false}; // alias trouble (stops at once), refused tags (all reported)
        size(root, sizes, onPath, reader, failed);
        return !failed[0] && !failed[1];
    }

    private static long size(Node n, Map<Node, Long> sizes, Set<Node> onPath, NodeReader reader, boolean[] failed) {
        Long known = sizes.get(n);
        if (known != null) {
            return known;
        }
        if (failed[0]) {
            return 0;
        }
        if (!onPath.add(n)) {
            reader.problem(n, "a list or mapping contains itself through an alias"
                    + (n.getAnchor() != null ? " ('*" + n.getAnchor() + "')" : "") + ": refused");
            failed[0] = true;
            return 0;
        }
        if (!ALLOWED_TAGS.contains(n.getTag())) {
            failed[1] = true; // reported with every other such tag, then the tree is not read
            String tag = n.getTag().getValue();
            reader.problem(n, "tag '" + (tag.startsWith(STANDARD_TAG_PREFIX) ? "!!" + tag.substring(
                    STANDARD_TAG_PREFIX.length()) : tag) + "' is not allowed in a profile: profiles hold only text,"
                    + " numbers, booleans, lists and mappings");
        }
        long total = 1;
        long biggestChild = 0;
        for (Node child : children(n)) {
            long s = size(child, sizes, onPath, reader, failed);
            biggestChild = Math.max(biggestChild, s);
            total = Math.min(Long.MAX_VALUE / 4, total + s);
        }
        onPath.remove(n);
        if (!failed[0] && total > MAX_EXPANDED_NODES && biggestChild <= MAX_EXPANDED_NODES) {
            reader.problem(n, "aliases here expand to more than " + MAX_EXPANDED_NODES
                    + " values: refused as a possible alias bomb");
            failed[0] = true;
        }
        sizes.put(n, total);
        return total;
    }

    static List<Node> children(Node n) {
        if (n instanceof SequenceNode s) {
            return s.getValue();
        }
        if (n instanceof MappingNode m) {
            List<Node> out = new java.util.ArrayList<>(m.getValue().size() * 2);
            for (NodeTuple t : m.getValue()) {
                out.add(t.getKeyNode());
                out.add(t.getValueNode());
            }
            return out;
        }
        return List.of();
    }
}

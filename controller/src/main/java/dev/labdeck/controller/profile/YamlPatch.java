package dev.labdeck.controller.profile;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.CollectionNode;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Edits the text of a profile the way a person would: given the text a profile was read from, the
 * profile it reads as ({@code before}) and the edited profile ({@code after}), it changes only the
 * values that differ, at their place in the text (SnakeYAML's node marks), and leaves comments, key
 * order, quoting and untouched values byte for byte. What the edit adds goes at the end of its
 * mapping or list, indented as its neighbours are; what it removes is cut out line by line.
 *
 * <p>The differences are found between {@link ProfileWriter}'s text of {@code before} and of
 * {@code after}, so defaults the user never wrote stay unwritten unless they change. The result is
 * checked: it must read back as {@code after} does (the same profile, or the same problems when
 * the profile is not valid); when it does not (a seed-form file, anchors, a shape the patcher does
 * not follow), the profile is written whole and {@link Result#note()} says why.
 */
public final class YamlPatch {
    private static final Logger LOG = LoggerFactory.getLogger(YamlPatch.class);

    private YamlPatch() {}

    /**
     * @param text    the new text of the profile
     * @param inPlace true when {@code text} is the source with only the change; false when it is
     *                the whole profile as {@link ProfileWriter} writes it
     * @param note    why the profile was written whole, or null
     */
    public record Result(String text, boolean inPlace, String note) {}

    /** The source text with the change from {@code before} to {@code after} applied in place. */
    public static Result apply(String source, Profile before, Profile after) {
        String oldCanon = ProfileWriter.toYaml(before);
        String newCanon = ProfileWriter.toYaml(after);
        if (oldCanon.equals(newCanon) && source != null) {
            return new Result(source, true, null);
        }
        if (source == null || source.isBlank()) {
            return new Result(newCanon, false, "there was no text to edit");
        }
        String why;
        try {
            Node s = compose(source);
            Node o = compose(oldCanon);
            Node n = compose(newCanon);
            if (!(s instanceof MappingNode sm) || !(o instanceof MappingNode om) || !(n instanceof MappingNode nm)) {
                throw new Unpatchable("the text is not a mapping of profile keys");
            }
            Patcher p = new Patcher(new Text(source), new Text(newCanon));
            p.mapping(sm, om, nm);
            String patched = p.result();
            if (readsAs(patched, after).equals(readsAs(newCanon, after))) {
                return new Result(patched, true, null);
            }
            why = "the edited text would not read back as the edited profile";
        } catch (Unpatchable e) {
            why = e.getMessage();
        } catch (YAMLException | IllegalStateException e) {
            why = "the text is not YAML that can be edited in place (" + e.getMessage() + ")";
        }
        LOG.info("profile written whole: {}", why);
        return new Result(newCanon, false, "written whole: " + why);
    }

    /**
     * Writes {@code text} to {@code file} through a temporary file in the same directory, keeping
     * the existing file's permissions (and owner where allowed), so saving never changes its mode.
     */
    public static void write(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            PosixFileAttributeView view = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
            if (view != null) {
                if (Files.exists(file)) {
                    PosixFileAttributes was = Files.readAttributes(file, PosixFileAttributes.class);
                    view.setPermissions(was.permissions());
                    try {
                        view.setOwner(was.owner());
                        view.setGroup(was.group());
                    } catch (IOException e) {
                        LOG.debug("cannot keep the owner of {}", file, e);
                    }
                } else {
                    // a new profile gets what a new file gets from an editor: rw-r--r--
                    view.setPermissions(java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /** What a text reads as: the profile in the writer's words, or its problems without positions. */
    private static Object readsAs(String text, Profile like) {
        String display = like.source() != null ? like.source().toString() : like.name() + ".yaml";
        try {
            return ProfileWriter.toYaml(ProfileLoader.parse(text, display, like.source()));
        } catch (ProfileException e) {
            return e.problems().stream().map(ProfileProblem::message).sorted().toList();
        }
    }

    private static Node compose(String text) {
        LoaderOptions o = new LoaderOptions();
        o.setAllowDuplicateKeys(true);
        o.setMaxAliasesForCollections(YamlDocument.MAX_COLLECTION_ALIASES);
        o.setTagInspector(tag -> true);
        return new Yaml(o).compose(new StringReader(text.startsWith("\uFEFF") ? text.substring(1) : text));
    }

    /** A shape this patcher does not edit in place; the caller replaces the enclosing entry. */
    private static final class Unpatchable extends RuntimeException {
        Unpatchable(String why) {
            super(why, null, false, false);
        }
    }

    /** A text with SnakeYAML's code-point marks turned into char indexes. */
    private static final class Text {
        final String s;
        private final int[] charAt; // code point index -> char index, or null when they are the same

        Text(String s) {
            this.s = s;
            String body = s.substring(offset());
            int cps = body.codePointCount(0, body.length());
            if (cps == body.length()) {
                charAt = null;
            } else {
                charAt = new int[cps + 1];
                int c = 0;
                for (int i = 0; i < cps; i++) {
                    charAt[i] = c;
                    c += Character.charCount(body.codePointAt(c));
                }
                charAt[cps] = c;
            }
        }

        int offset() {
            return s.startsWith("\uFEFF") ? 1 : 0;
        }

        int start(Node n) {
            return index(n.getStartMark().getIndex());
        }

        int end(Node n) {
            return index(n.getEndMark().getIndex());
        }

        private int index(int cp) {
            return (charAt == null ? cp : charAt[cp]) + offset();
        }

        int lineStart(int i) {
            return s.lastIndexOf('\n', i - 1) + 1;
        }

        int lineEndInclusive(int i) {
            int nl = s.indexOf('\n', i);
            return nl < 0 ? s.length() : nl + 1;
        }

        boolean blank(int from, int to) {
            return s.substring(from, to).isBlank();
        }

        int column(int i) {
            return i - lineStart(i);
        }

        /** The end of the last line that holds {@code n}'s content (after its newline). */
        int regionEnd(Node n) {
            if (n instanceof ScalarNode) {
                int e = end(n);
                return e > 0 && s.charAt(e - 1) == '\n' ? e : lineEndInclusive(e);
            }
            CollectionNode<?> c = (CollectionNode<?>) n;
            if (c.getFlowStyle() == DumperOptions.FlowStyle.FLOW) {
                return lineEndInclusive(end(n));
            }
            int max = -1;
            for (Node child : YamlDocument.children(n)) {
                max = Math.max(max, regionEnd(child));
            }
            return max < 0 ? lineEndInclusive(end(n)) : max;
        }

        /** Where the {@code -} of a block sequence item stands. */
        int dash(Node item) {
            int i = start(item) - 1;
            while (i >= 0 && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i--;
            }
            if (i < 0 || s.charAt(i) != '-') {
                throw new Unpatchable("a list item without its '-' where expected");
            }
            return i;
        }

        /** {@code from..to} re-indented by {@code shift} after the first line. */
        String reindent(int from, int to, int shift) {
            String[] lines = s.substring(from, to).split("\n", -1);
            StringBuilder b = new StringBuilder(lines[0]);
            for (int i = 1; i < lines.length; i++) {
                b.append('\n');
                String l = lines[i];
                if (l.isEmpty()) {
                    continue;
                }
                if (shift >= 0) {
                    b.append(" ".repeat(shift)).append(l);
                } else {
                    int lead = 0;
                    while (lead < l.length() && lead < -shift && l.charAt(lead) == ' ') {
                        lead++;
                    }
                    b.append(l.substring(lead));
                }
            }
            String out = b.toString();
            return out.endsWith("\n") ? out : out + "\n";
        }
    }

    private record Edit(int start, int end, String text, int order) {}

    /** Collects edits on the source while walking the three trees (source, old, new) together. */
    private static final class Patcher {
        final Text src;
        final Text canon;
        final List<Edit> edits = new ArrayList<>();

        Patcher(Text src, Text canon) {
            this.src = src;
            this.canon = canon;
        }

        void edit(int start, int end, String text) {
            edits.add(new Edit(start, end, text, edits.size()));
        }

        String result() {
            List<Edit> sorted = new ArrayList<>(edits);
            sorted.sort(Comparator.comparingInt(Edit::start).thenComparingInt(Edit::order));
            for (int i = 1; i < sorted.size(); i++) {
                Edit a = sorted.get(i - 1);
                Edit b = sorted.get(i);
                if (b.start() < a.end()) {
                    throw new Unpatchable("two changes overlap in the text");
                }
            }
            StringBuilder out = new StringBuilder();
            int at = 0;
            for (Edit e : sorted) {
                out.append(src.s, at, e.start()).append(e.text());
                at = Math.max(at, e.end());
            }
            out.append(src.s.substring(at));
            return out.toString();
        }

        void mapping(MappingNode s, MappingNode o, MappingNode n) {
            if (s.getFlowStyle() == DumperOptions.FlowStyle.FLOW) {
                throw new Unpatchable("an inline {...} mapping");
            }
            Map<String, NodeTuple> sm = byKey(s);
            Map<String, NodeTuple> om = byKey(o);
            Map<String, NodeTuple> nm = byKey(n);
            List<String> removed = om.keySet().stream().filter(k -> !nm.containsKey(k)).toList();
            List<String> added = nm.keySet().stream().filter(k -> !om.containsKey(k)).toList();
            if (removed.size() == 1 && added.size() == 1 && sm.containsKey(removed.getFirst())
                    && !sm.containsKey(added.getFirst())) {
                // one key became another: a rename (a host called dst is now sink)
                NodeTuple st = sm.get(removed.getFirst());
                NodeTuple nt = nm.get(added.getFirst());
                int mark = edits.size();
                try {
                    node(st.getValueNode(), om.get(removed.getFirst()).getValueNode(), nt.getValueNode());
                    scalar((ScalarNode) st.getKeyNode(), (ScalarNode) nt.getKeyNode());
                } catch (Unpatchable | ClassCastException e) {
                    truncate(mark);
                    replaceEntry(st, nt);
                }
                removed = List.of();
                added = List.of();
            }
            for (String k : removed) {
                if (sm.containsKey(k)) {
                    int[] r = entryRegion(sm.get(k));
                    edit(r[0], r[1], "");
                }
            }
            for (Map.Entry<String, NodeTuple> e : nm.entrySet()) {
                String k = e.getKey();
                NodeTuple nt = e.getValue();
                if (added.contains(k)) {
                    if (sm.containsKey(k)) {
                        replaceEntry(sm.get(k), nt);
                    } else {
                        insertEntry(s, nt);
                    }
                } else if (om.containsKey(k) && !equal(om.get(k).getValueNode(), nt.getValueNode())) {
                    if (sm.containsKey(k)) {
                        value(sm.get(k), om.get(k).getValueNode(), nt);
                    } else {
                        insertEntry(s, nt); // a default the user never wrote, now changed
                    }
                }
            }
        }

        /** Changes the value of one entry; replaces the whole entry when the value cannot be edited in place. */
        void value(NodeTuple st, Node ov, NodeTuple nt) {
            int mark = edits.size();
            try {
                node(st.getValueNode(), ov, nt.getValueNode());
            } catch (Unpatchable e) {
                truncate(mark);
                replaceEntry(st, nt);
            }
        }

        /** A list item changed: edit it in place, else replace it whole. */
        void item(Node s, Node o, Node n) {
            int mark = edits.size();
            try {
                node(s, o, n);
            } catch (Unpatchable e) {
                truncate(mark);
                int[] r = itemRegion(s);
                edit(r[0], r[1], renderItem(n, src.column(src.dash(s))));
            }
        }

        void node(Node s, Node o, Node n) {
            if (s instanceof ScalarNode ss && n instanceof ScalarNode ns) {
                scalar(ss, ns);
            } else if (s instanceof CollectionNode<?> c && c.getFlowStyle() == DumperOptions.FlowStyle.FLOW
                    && n instanceof CollectionNode<?>) {
                edit(src.start(s), src.end(s), flow(n));
            } else if (s instanceof MappingNode sm && o instanceof MappingNode om && n instanceof MappingNode nm) {
                mapping(sm, om, nm);
            } else if (s instanceof SequenceNode sq && o instanceof SequenceNode oq && n instanceof SequenceNode nq) {
                sequence(sq, oq, nq);
            } else {
                throw new Unpatchable("a value changed its kind");
            }
        }

        void scalar(ScalarNode s, ScalarNode n) {
            if (s.getScalarStyle() == DumperOptions.ScalarStyle.LITERAL || s.getScalarStyle() == DumperOptions.ScalarStyle.FOLDED) {
                throw new Unpatchable("a block text (| or >)");
            }
            String text = canon.s.substring(canon.start(n), canon.end(n));
            if (text.indexOf('\n') >= 0 || src.s.substring(src.start(s), src.end(s)).indexOf('\n') >= 0) {
                throw new Unpatchable("a text over several lines");
            }
            edit(src.start(s), src.end(s), text);
        }

        void sequence(SequenceNode s, SequenceNode o, SequenceNode n) {
            List<Node> sv = s.getValue();
            List<Node> ov = o.getValue();
            List<Node> nv = n.getValue();
            if (sv.size() != ov.size()) {
                throw new Unpatchable("a list whose items the text and the profile count differently");
            }
            if (ov.size() == nv.size()) {
                for (int i = 0; i < ov.size(); i++) {
                    if (!equal(ov.get(i), nv.get(i))) {
                        item(sv.get(i), ov.get(i), nv.get(i));
                    }
                }
                return;
            }
            // longest common run of equal items; the rest were removed, added or changed
            int a = ov.size();
            int b = nv.size();
            int[][] lcs = new int[a + 1][b + 1];
            for (int i = a - 1; i >= 0; i--) {
                for (int j = b - 1; j >= 0; j--) {
                    lcs[i][j] = equal(ov.get(i), nv.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
                }
            }
            int dashCol = src.column(src.dash(sv.getFirst()));
            int i = 0;
            int j = 0;
            List<Integer> gone = new ArrayList<>();
            List<Integer> come = new ArrayList<>();
            while (i < a || j < b) {
                if (i < a && j < b && equal(ov.get(i), nv.get(j))) {
                    gap(sv, ov, nv, gone, come, i, dashCol);
                    i++;
                    j++;
                } else if (j < b && (i == a || lcs[i][j + 1] >= lcs[i + 1][j])) {
                    come.add(j++);
                } else {
                    gone.add(i++);
                }
            }
            gap(sv, ov, nv, gone, come, a, dashCol);
        }

        /** Items removed ({@code gone}) and added ({@code come}) before source item {@code next}. */
        private void gap(List<Node> sv, List<Node> ov, List<Node> nv, List<Integer> gone, List<Integer> come, int next, int dashCol) {
            int paired = Math.min(gone.size(), come.size());
            for (int k = 0; k < paired; k++) {
                item(sv.get(gone.get(k)), ov.get(gone.get(k)), nv.get(come.get(k)));
            }
            for (int k = paired; k < gone.size(); k++) {
                int[] r = itemRegion(sv.get(gone.get(k)));
                edit(r[0], r[1], "");
            }
            if (come.size() > paired) {
                int at = next < sv.size() ? src.lineStart(src.dash(sv.get(next))) : src.regionEnd(sv.getLast());
                StringBuilder b = new StringBuilder();
                for (int k = paired; k < come.size(); k++) {
                    b.append(renderItem(nv.get(come.get(k)), dashCol));
                }
                edit(at, at, (at == src.s.length() && !src.s.endsWith("\n") ? "\n" : "") + b);
            }
            gone.clear();
            come.clear();
        }

        void insertEntry(MappingNode s, NodeTuple nt) {
            if (s.getValue().isEmpty()) {
                throw new Unpatchable("an empty mapping");
            }
            int col = src.column(src.start(s.getValue().getFirst().getKeyNode()));
            int at = src.regionEnd(s.getValue().getLast().getValueNode());
            at = Math.max(at, src.regionEnd(s.getValue().getLast().getKeyNode()));
            String lead = at == src.s.length() && !src.s.endsWith("\n") ? "\n" : "";
            edit(at, at, lead + renderEntry(nt, col));
        }

        void replaceEntry(NodeTuple st, NodeTuple nt) {
            int[] r = entryRegion(st);
            edit(r[0], r[1], renderEntry(nt, src.column(src.start(st.getKeyNode()))));
        }

        int[] entryRegion(NodeTuple t) {
            int key = src.start(t.getKeyNode());
            int line = src.lineStart(key);
            if (!src.blank(line, key)) {
                throw new Unpatchable("a key that does not start its line");
            }
            return new int[] {line, Math.max(src.regionEnd(t.getValueNode()), src.regionEnd(t.getKeyNode()))};
        }

        int[] itemRegion(Node item) {
            int dash = src.dash(item);
            int line = src.lineStart(dash);
            if (!src.blank(line, dash)) {
                throw new Unpatchable("a list item that does not start its line");
            }
            return new int[] {line, src.regionEnd(item)};
        }

        /** The new entry as the writer wrote it, indented to {@code col}. */
        String renderEntry(NodeTuple nt, int col) {
            int key = canon.start(nt.getKeyNode());
            int end = Math.max(canon.regionEnd(nt.getValueNode()), canon.regionEnd(nt.getKeyNode()));
            return " ".repeat(col) + canon.reindent(key, end, col - canon.column(key));
        }

        String renderItem(Node n, int dashCol) {
            int dash = canon.dash(n);
            return " ".repeat(dashCol) + canon.reindent(dash, canon.regionEnd(n), dashCol - canon.column(dash));
        }

        void truncate(int size) {
            while (edits.size() > size) {
                edits.removeLast();
            }
        }
    }

    private static String flow(Node n) {
        setFlow(n);
        DumperOptions d = new DumperOptions();
        d.setDefaultFlowStyle(DumperOptions.FlowStyle.FLOW);
        d.setWidth(Integer.MAX_VALUE);
        d.setSplitLines(false);
        d.setAllowUnicode(true);
        StringWriter w = new StringWriter();
        new Yaml(d).serialize(n, w);
        String out = w.toString().strip();
        if (out.indexOf('\n') >= 0) {
            throw new Unpatchable("an inline list that would span lines");
        }
        return out;
    }

    private static void setFlow(Node n) {
        if (n instanceof CollectionNode<?> c) {
            c.setFlowStyle(DumperOptions.FlowStyle.FLOW);
        }
        for (Node child : YamlDocument.children(n)) {
            setFlow(child);
        }
    }

    private static Map<String, NodeTuple> byKey(MappingNode m) {
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw new Unpatchable("a key that is not plain text");
            }
            if (out.putIfAbsent(k.getValue(), t) != null || "<<".equals(k.getValue())) {
                throw new Unpatchable("a repeated or merged key ('" + k.getValue() + "')");
            }
        }
        return out;
    }

    static boolean equal(Node a, Node b) {
        if (a instanceof ScalarNode x && b instanceof ScalarNode y) {
            return Objects.equals(x.getValue(), y.getValue());
        }
        if (a instanceof SequenceNode x && b instanceof SequenceNode y) {
            if (x.getValue().size() != y.getValue().size()) {
                return false;
            }
            for (int i = 0; i < x.getValue().size(); i++) {
                if (!equal(x.getValue().get(i), y.getValue().get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof MappingNode x && b instanceof MappingNode y) {
            if (x.getValue().size() != y.getValue().size()) {
                return false;
            }
            for (int i = 0; i < x.getValue().size(); i++) {
                NodeTuple p = x.getValue().get(i);
                NodeTuple q = y.getValue().get(i);
                if (!equal(p.getKeyNode(), q.getKeyNode()) || !equal(p.getValueNode(), q.getValueNode())) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }
}

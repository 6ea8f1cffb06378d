package dev.labdeck.gui.engine;

import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.ProfileException;
import dev.labdeck.controller.profile.ProfileLoader;
import dev.labdeck.controller.profile.ProfileProblem;
import dev.labdeck.controller.profile.ProfileWriter;
import dev.labdeck.controller.profile.YamlPatch;
import dev.labdeck.gui.profile.ProfileFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The controller's profile loader, writer and text patcher behind the app's {@link ProfileFiles}. */
public final class ControllerProfileFiles implements ProfileFiles {

    @Override
    public Opened open(Path file) throws Exception {
        try {
            Profile p = ProfileLoader.load(file);
            return new Opened(Files.readString(file), p);
        } catch (ProfileException e) {
            throw new InvalidProfileException(e);
        }
    }

    @Override
    public String toYaml(Profile profile) {
        return ProfileWriter.toYaml(profile);
    }

    /** The loader {@code labdeck validate} uses, so lines, columns and messages are validate's. */
    @Override
    public Parsed parse(String text, Path file, String displayName) {
        try {
            return new Parsed(ProfileLoader.parse(text, displayName, file), List.of());
        } catch (ProfileException e) {
            return new Parsed(null, e.problems().stream().map(ProfileProblem::toString).toList());
        }
    }

    @Override
    public Edited edit(String text, Profile before, Profile after) {
        YamlPatch.Result r = YamlPatch.apply(text, before, after);
        return new Edited(r.text(), r.note());
    }

    @Override
    public String pathAt(String text, int line) {
        try {
            org.yaml.snakeyaml.nodes.Node root = new org.yaml.snakeyaml.Yaml().compose(new java.io.StringReader(text));
            return root == null ? "" : pathAt(root, "", line - 1);
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** The deepest key or item whose text spans {@code line} (0-based). */
    private static String pathAt(org.yaml.snakeyaml.nodes.Node n, String path, int line) {
        if (n instanceof org.yaml.snakeyaml.nodes.MappingNode m) {
            for (org.yaml.snakeyaml.nodes.NodeTuple t : m.getValue()) {
                int from = t.getKeyNode().getStartMark().getLine();
                int to = t.getValueNode().getEndMark().getLine();
                if (line >= from && (line < to || line == to && t.getValueNode().getEndMark().getColumn() > 0 || line == from)) {
                    String key = t.getKeyNode() instanceof org.yaml.snakeyaml.nodes.ScalarNode k ? k.getValue() : "?";
                    String child = path.isEmpty() ? key : path + "." + key;
                    return line == from && !(t.getValueNode() instanceof org.yaml.snakeyaml.nodes.MappingNode)
                            && !(t.getValueNode() instanceof org.yaml.snakeyaml.nodes.SequenceNode s && s.getStartMark().getLine() > from)
                            ? child : pathAt(t.getValueNode(), child, line);
                }
            }
        } else if (n instanceof org.yaml.snakeyaml.nodes.SequenceNode s) {
            for (int i = 0; i < s.getValue().size(); i++) {
                org.yaml.snakeyaml.nodes.Node item = s.getValue().get(i);
                if (line >= item.getStartMark().getLine() && line <= item.getEndMark().getLine()) {
                    return pathAt(item, path + "[" + i + "]", line);
                }
            }
        }
        return path;
    }

    @Override
    public void save(String text, Path file) throws Exception {
        YamlPatch.write(file, text);
    }

    /** A profile that does not load: the message is every problem, one per line, as validate prints them. */
    public static final class InvalidProfileException extends Exception {
        public InvalidProfileException(ProfileException e) {
            super(String.join("\n", e.problems().stream().map(ProfileProblem::toString).toList()), e);
        }
    }
}

package dev.labdeck.controller.profile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads a profile in either accepted form (the seed's {@code config.yaml}, or LabDeck's own),
 * detected by its top-level keys, and validates it. Every problem found is reported together, each
 * with file, line and column; nothing here throws anything but {@link ProfileException}.
 */
public final class ProfileLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ProfileLoader.class);
    /** Profiles are a few kilobytes; this refuses a wrong file (an image, a log) before decoding it. */
    static final long MAX_FILE_BYTES = 4L * 1024 * 1024;

    private ProfileLoader() {}

    /** Reads and validates the profile in {@code file}; problems name the file as given. */
    public static Profile load(Path file) throws ProfileException {
        String display = file.toString();
        String text;
        try {
            if (Files.isDirectory(file)) {
                throw fail(display, "cannot read the profile: it is a directory");
            }
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw fail(display, "cannot read the profile: the file has " + size + " bytes, more than a profile"
                        + " can have (" + MAX_FILE_BYTES + ")");
            }
            text = decode(Files.readAllBytes(file), display);
        } catch (NoSuchFileException e) {
            throw fail(display, "cannot read the profile: no such file");
        } catch (AccessDeniedException e) {
            throw fail(display, "cannot read the profile: permission denied");
        } catch (IOException e) {
            LOG.debug("reading {} failed", file, e);
            throw fail(display, "cannot read the profile: " + e.getMessage());
        }
        return parse(text, display, file);
    }

    /** Reads and validates profile text; {@code displayName} stands for the file in problems. */
    public static Profile parse(String yaml, String displayName) throws ProfileException {
        return parse(yaml, displayName, null);
    }

    /**
     * As {@link #parse(String, String)}, with {@code source} recorded in the profile (and its file
     * name used as the profile's name when it has none).
     */
    public static Profile parse(String yaml, String displayName, Path source) throws ProfileException {
        NodeReader reader = new NodeReader(displayName);
        if (yaml.isBlank()) {
            throw fail(displayName, "the profile is empty: expected a YAML mapping of profile keys");
        }
        if (yaml.length() > YamlDocument.MAX_CODE_POINTS
                && yaml.codePointCount(0, yaml.length()) > YamlDocument.MAX_CODE_POINTS) {
            throw fail(displayName, "the profile is too large: more than " + YamlDocument.MAX_CODE_POINTS
                    + " characters");
        }
        Node root = YamlDocument.compose(yaml.startsWith("\uFEFF") ? yaml.substring(1) : yaml, reader);
        if (root == null) {
            throw new ProfileException(reader.problems);
        }
        if (!(root instanceof MappingNode rootMap)) {
            reader.problem(root, "expected a mapping of profile keys at the top level (name, hosts, traffic, ... or"
                    + " the seed's test_config, network_config, ...), got " + NodeReader.describe(root));
            throw new ProfileException(reader.problems);
        }
        String fallbackName = fallbackName(source != null ? source.getFileName().toString() : displayName);
        Profile profile;
        if (isSeedForm(rootMap)) {
            NodeReader.Fields top = reader.fields(root, "", "the seed config", SeedFormReader.TOP);
            profile = new SeedFormReader(reader).read(top, source, fallbackName);
        } else {
            NodeReader.Fields top = topLevel(reader, root);
            profile = new LabDeckFormReader(reader).read(top, source, fallbackName);
        }
        List<ProfileProblem> problems = new ArrayList<>(reader.problems);
        Set<String> spots = new HashSet<>();
        for (ProfileProblem p : problems) {
            spots.add(p.line() + ":" + p.column());
        }
        // One message per spot: where the reader already said what is wrong, the model's view is noise.
        for (ProfileProblem p : ProfileValidator.validate(profile, displayName, reader.positions)) {
            if (spots.add(p.line() + ":" + p.column())) {
                problems.add(p);
            }
        }
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparingInt(ProfileProblem::line).thenComparingInt(ProfileProblem::column));
            throw new ProfileException(problems);
        }
        return profile;
    }

    /** The seed form has only the seed's four sections; anything of LabDeck's form makes it LabDeck's. */
    static boolean isSeedForm(MappingNode root) {
        boolean seed = false;
        for (NodeTuple t : root.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k) {
                if (LabDeckFormReader.TOP.contains(k.getValue())) {
                    return false;
                }
                seed |= SeedFormReader.TOP.contains(k.getValue());
            }
        }
        return seed;
    }

    /** LabDeck's top level, where a seed section gets a message about mixing the forms. */
    private static NodeReader.Fields topLevel(NodeReader reader, Node root) {
        List<String> known = new ArrayList<>(LabDeckFormReader.TOP);
        known.addAll(SeedFormReader.TOP);
        NodeReader.Fields all = reader.fields(root, "", "the profile", known);
        for (String seedKey : SeedFormReader.TOP) {
            if (all.entries().containsKey(seedKey)) {
                reader.problem(all.key(seedKey), "'" + seedKey + "' belongs to the seed's config.yaml form, but this"
                        + " profile uses LabDeck's form (it has " + String.join(", ", all.entries().keySet().stream()
                        .filter(LabDeckFormReader.TOP::contains).toList()) + "); a profile uses one form");
                all.entries().remove(seedKey);
            }
        }
        return all;
    }

    private static String fallbackName(String fileName) {
        String n = fileName;
        int slash = Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\'));
        n = n.substring(slash + 1);
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    private static String decode(byte[] bytes, String display) throws ProfileException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw fail(display, "cannot read the profile: it is not UTF-8 text (is it the right file?)");
        }
    }

    private static ProfileException fail(String file, String message) {
        return new ProfileException(List.of(new ProfileProblem(file, 1, 1, message)));
    }
}

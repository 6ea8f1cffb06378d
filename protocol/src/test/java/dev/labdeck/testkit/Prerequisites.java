package dev.labdeck.testkit;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Gates for integration and end-to-end tests. A missing prerequisite skips the test with its
 * reason, or fails it when {@code LABDECK_E2E=required} (what {@code .ci/run} sets), so nothing
 * is skipped unseen in CI.
 */
public final class Prerequisites {

    private Prerequisites() {}

    public static boolean required() {
        String p = System.getProperty("labdeck.e2e", "");
        String e = System.getenv("LABDECK_E2E");
        return "required".equals(p) || "required".equals(e);
    }

    /** Skips (or fails under LABDECK_E2E=required) unless {@code condition} holds. */
    public static void require(boolean condition, String reason) {
        if (condition) {
            return;
        }
        if (required()) {
            fail("prerequisite missing and LABDECK_E2E=required: " + reason);
        }
        abort("skipped: " + reason);
    }

    public static void requireLinux() {
        require(System.getProperty("os.name", "").toLowerCase().contains("linux"), "needs Linux");
    }

    public static void requireRoot() {
        requireLinux();
        require("root".equals(System.getProperty("user.name")), "needs root (network namespaces, XDP)");
    }

    /** Requires an executable found on PATH or in /usr/sbin, /sbin. */
    public static Path requireCommand(String name, String debianPackage) {
        Path found = which(name);
        require(found != null, name + " not found (Debian package " + debianPackage + ")");
        return found;
    }

    public static Path which(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/local/sbin";
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    /** The repository root, for tests that use bundled profiles or built artifacts. */
    public static Path repoRoot() {
        String r = System.getProperty("labdeck.repo.root");
        Path p = r != null ? Path.of(r) : Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("labdeck"))) p = p.getParent();
        if (p == null) throw new IllegalStateException("repository root not found from " + Path.of("").toAbsolutePath());
        return p;
    }
}

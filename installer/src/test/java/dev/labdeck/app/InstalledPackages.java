package dev.labdeck.app;

import dev.labdeck.testkit.Prerequisites;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packages {@code installer/package.sh} makes from this build, made once per test JVM (jlink
 * and jpackage take about a minute each), and the commands the install tests run.
 */
final class InstalledPackages {
    static final Path ROOT = Prerequisites.repoRoot();
    static final Path OUT = ROOT.resolve("installer/target/packages");
    static final String VERSION = readVersion();

    private static boolean built;

    private InstalledPackages() {}

    /** Runs package.sh for deb, rpm and the app image (one build, one runtime) unless this JVM did already. */
    static synchronized void build() {
        if (built) {
            return;
        }
        // while working on these tests: LABDECK_PACKAGES_PREBUILT=1 reuses what package.sh made last
        if ("1".equals(System.getenv("LABDECK_PACKAGES_PREBUILT")) && Files.isRegularFile(deb()) && Files.isDirectory(appImage())) {
            built = true;
            return;
        }
        Result r = run(List.of(ROOT.resolve("installer/package.sh").toString(), "deb", "rpm", "app-image", "--skip-build"), Map.of(), 1800);
        if (r.exit() != 0) {
            throw new AssertionError("installer/package.sh deb rpm app-image failed (exit " + r.exit() + "):\n" + r.output());
        }
        built = true;
    }

    /** The app image: {@code labdeck/bin/labdeck} and its {@code lib/} (what the deb and rpm install under /opt). */
    static Path appImage() {
        return OUT.resolve("labdeck");
    }

    static Path deb() {
        return OUT.resolve("labdeck_" + VERSION + "_amd64.deb");
    }

    static Path rpm() {
        try (Stream<Path> files = Files.list(OUT)) {
            return files.filter(f -> f.getFileName().toString().matches("labdeck-" + VERSION.replace(".", "\\.") + "-.*\\.rpm"))
                    .findFirst().orElseThrow(() -> new AssertionError("no labdeck-" + VERSION + "-*.rpm in " + OUT));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A machine-wide lock for installing and removing the package: two suites on one machine
     * (two checkouts) must not install and remove it under each other.
     */
    static FileLock lockInstalls() throws IOException {
        FileChannel ch = FileChannel.open(Path.of("/tmp/labdeck-install-test.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        return ch.lock();
    }

    record Result(int exit, String output) {}

    /** Runs a command (stdin closed), its stderr merged into its stdout. */
    static Result run(List<String> command, Map<String, String> env, long timeoutSeconds) {
        return run(command, env, null, timeoutSeconds);
    }

    static Result run(List<String> command, Map<String, String> env, Path dir, long timeoutSeconds) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().putAll(env);
            if (dir != null) {
                pb.directory(dir.toFile());
            }
            Process p = pb.start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return e.toString();
                }
            });
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s:\n"
                        + out.getNow(""));
            }
            return new Result(p.exitValue(), out.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command, e);
        }
    }

    static List<String> cmd(String... words) {
        return new ArrayList<>(List.of(words));
    }

    private static String readVersion() {
        try {
            for (String line : Files.readAllLines(ROOT.resolve("pom.xml"))) {
                if (line.startsWith("  <version>")) {
                    return line.replace("<version>", "").replace("</version>", "").strip();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no version in " + ROOT.resolve("pom.xml"));
    }
}

package dev.labdeck.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The desktop app's java command line as a user's start runs it: the launcher's ({@code ./labdeck gui-command},
 * the words {@code ./labdeck gui} execs) or the installed app's (its jpackage {@code lib/app/labdeck.cfg}).
 * Read from them, not copied, so the tests follow when the launcher or package.sh change.
 *
 * @param words the whole command: java, its options, {@code -cp CLASSPATH}, the main class
 */
record AppCommandLine(List<String> words) {

    /** {@code ./labdeck gui-command} in {@code root}: one word a line, nothing built. */
    static AppCommandLine ofLauncher(Path root) {
        InstalledPackages.Result r = InstalledPackages.run(List.of(root.resolve("labdeck").toString(), "gui-command"),
                java.util.Map.of(), 120);
        if (r.exit() != 0) throw new AssertionError("./labdeck gui-command failed (exit " + r.exit() + "):\n" + r.output());
        return new AppCommandLine(r.output().lines().filter(l -> !l.isEmpty()).toList());
    }

    /**
     * The app image's launcher configuration: {@code bin/labdeck} runs {@code lib/runtime/bin/java} with the
     * [JavaOptions] ({@code $APPDIR} = lib/app), the [Application] class path and main class.
     */
    static AppCommandLine ofAppImage(Path image) {
        Path appDir = image.resolve("lib/app");
        List<String> lines;
        try {
            lines = Files.readAllLines(appDir.resolve("labdeck.cfg"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> options = new ArrayList<>();
        List<String> classPath = new ArrayList<>();
        String mainClass = null;
        for (String line : lines) {
            String value = line.substring(line.indexOf('=') + 1).replace("$APPDIR", appDir.toString());
            if (line.startsWith("java-options=")) options.add(value);
            else if (line.startsWith("app.classpath=")) classPath.add(value);
            else if (line.startsWith("app.mainclass=")) mainClass = value;
        }
        if (mainClass == null || classPath.isEmpty()) throw new AssertionError("no main class or class path in " + appDir.resolve("labdeck.cfg"));
        List<String> words = new ArrayList<>();
        words.add(image.resolve("lib/runtime/bin/java").toString());
        words.addAll(options);
        words.add("-cp");
        words.add(String.join(java.io.File.pathSeparator, classPath));
        words.add(mainClass);
        return new AppCommandLine(words);
    }

    String mainClass() {
        return words.getLast();
    }

    /** The same JVM with {@code more} classes on the class path, {@code jvmOptions} added, and another main class. */
    AppCommandLine withMain(String mainClass, Path moreClasses, List<String> jvmOptions) {
        List<String> w = new ArrayList<>(words.subList(0, words.size() - 1));
        int cp = w.indexOf("-cp");
        if (cp < 0) cp = w.indexOf("-classpath");
        if (cp < 0) throw new AssertionError("no -cp in " + words);
        w.set(cp + 1, moreClasses + java.io.File.pathSeparator + w.get(cp + 1));
        w.addAll(cp, jvmOptions);
        w.add(mainClass);
        return new AppCommandLine(w);
    }

    /** Each word starting with {@code prefix} (an option with its value) replaced by {@code replacement}. */
    AppCommandLine replacing(String prefix, String replacement) {
        return new AppCommandLine(words.stream().map(w -> w.startsWith(prefix) ? replacement : w).toList());
    }
}

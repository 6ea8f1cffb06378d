package dev.labdeck.app;

import dev.labdeck.testkit.Prerequisites;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The desktop app started in a JVM of its own with a user's command line ({@link AppCommandLine}), on a
 * display of its own (Xvfb when this machine has it, else JavaFX's Headless platform), its settings in a
 * scratch home; {@link FirstWindowProbe} reports what the window shows.
 *
 * @param output    everything the app printed (stdout and stderr)
 * @param hosts     the topology's host cards
 * @param inspector the inspector's rows, {@code label = value}
 */
record LaunchedApp(int exit, String output, String title, List<String> hosts, List<String> inspector, String display) {

    /** Starts {@code app} with {@code appArgs} (e.g. a profile; {@code gui PROFILE} for the installed command). */
    static LaunchedApp open(AppCommandLine app, List<String> appArgs, Path scratch) throws IOException, InterruptedException {
        Path classes = probeJar(scratch);
        Path home = Files.createDirectories(scratch.resolve("home"));
        List<String> jvm = new ArrayList<>(List.of("-Duser.home=" + home, "-D" + FirstWindowProbe.MAIN + "=" + app.mainClass()));
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("XDG_STATE_HOME", home.resolve(".local/state").toString());
        env.put("XDG_DATA_HOME", home.resolve(".local/share").toString());
        Process xvfb = null;
        String display;
        Path xvfbCommand = Prerequisites.which("Xvfb");
        if (xvfbCommand != null) {
            // a display of its own: Xvfb picks a free number and writes it on its stdout
            xvfb = new ProcessBuilder(xvfbCommand.toString(), "-displayfd", "1", "-screen", "0", "1400x900x24", "-nolisten", "tcp")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String number = new BufferedReader(new InputStreamReader(xvfb.getInputStream(), StandardCharsets.UTF_8)).readLine();
            if (number == null) throw new AssertionError("Xvfb did not say which display it took (exit " + xvfb.waitFor() + ")");
            display = ":" + number.strip();
            env.put("DISPLAY", display);
        } else {
            display = "Headless";
            jvm.addAll(List.of("-Dglass.platform=Headless", "-Dprism.order=sw"));
        }
        try {
            AppCommandLine probe = app.withMain(FirstWindowProbe.class.getName(), classes, jvm);
            List<String> command = new ArrayList<>(probe.words());
            command.addAll(appArgs);
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().remove("DISPLAY");
            pb.environment().remove("WAYLAND_DISPLAY");
            pb.environment().putAll(env);
            Process p = pb.start();
            var out = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("the app did not exit within 300 s (the probe exits it once the window shows):\n" + out.getNow(""));
            }
            String output = out.join();
            String title = null;
            List<String> hosts = new ArrayList<>();
            List<String> inspector = new ArrayList<>();
            for (String line : output.lines().toList()) {
                if (line.startsWith("window: ")) title = line.substring(8);
                if (line.startsWith("host: ")) hosts.add(line.substring(6));
                if (line.startsWith("inspector: ")) inspector.add(line.substring(11));
            }
            return new LaunchedApp(p.exitValue(), output, title, hosts, inspector, display);
        } finally {
            if (xvfb != null) {
                xvfb.destroy();
                xvfb.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * The probe's classes in a jar: the launcher's class-data archive (AutoCreateSharedArchive) refuses a class
     * path with a non-empty directory in it, and the JVM then exits 1.
     */
    private static Path probeJar(Path scratch) throws IOException {
        Path dir = Path.of(FirstWindowProbe.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        String pkg = FirstWindowProbe.class.getPackageName().replace('.', '/');
        Path jar = scratch.resolve("first-window-probe.jar");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar));
             var classes = Files.list(dir.resolve(pkg))) {
            for (Path c : classes.filter(f -> f.getFileName().toString().startsWith(FirstWindowProbe.class.getSimpleName())).toList()) {
                out.putNextEntry(new java.util.jar.JarEntry(pkg + "/" + c.getFileName()));
                out.write(Files.readAllBytes(c));
                out.closeEntry();
            }
        }
        return jar;
    }
}

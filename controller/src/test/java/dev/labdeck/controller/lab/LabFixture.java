package dev.labdeck.controller.lab;

import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.ProfileException;
import dev.labdeck.controller.profile.ProfileLoader;
import dev.labdeck.controller.transport.TransportOptions;
import dev.labdeck.testkit.ClassFixture;
import dev.labdeck.testkit.Prerequisites;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A uniquely named lab-in-a-box for one end-to-end test:
 * {@code try (LabFixture lab = LabFixture.up("xt1")) { Profile p = lab.profile("profiles/lab-in-a-box-xdp.yaml"); ... }}.
 *
 * <p>It skips the test (or fails it under {@code LABDECK_E2E=required}) when the machine cannot
 * build a lab, names the lab after the test and this JVM and takes a free /23 from
 * 10.232.0.0/16, so tests running at the same time (even the same test from two checkouts) never
 * share names or addresses, and removes the lab on close, or at JVM exit if a test never got to
 * close it.
 */
public final class LabFixture implements AutoCloseable {
    private static final Ipv4Cidr TEST_POOL = Ipv4Cidr.parse("10.232.0.0/16");
    private static final int BLOCKS = 1 << (LabAddressPlan.LONGEST_PREFIX - TEST_POOL.prefix());
    /** The pid of the test JVM that owns a lab, in the lab's directory. */
    private static final String OWNER_FILE = "owner.pid";

    private final LabInABox labs;
    private final LabState state;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread exitHook;

    private LabFixture(LabInABox labs, LabState state) {
        this.labs = labs;
        this.state = state;
        this.exitHook = new Thread(this::downQuietly, "lab-down-" + state.name());
        Runtime.getRuntime().addShutdownHook(exitHook);
    }

    /**
     * Builds a lab for the test {@code base} (at most 7 characters, unique to the test class). The
     * lab's name is {@code base} plus two characters from this JVM's pid, because the same test
     * may run at the same moment from another checkout on this machine; labs of the same test left
     * by a JVM that is gone (a crash, a killed build) are removed first.
     */
    /**
     * One lab for all the tests of a class, up before the first, down after the last, with the
     * agent jar required first: {@code @RegisterExtension static final ClassFixture<LabFixture> lab =
     * LabFixture.perClass("xe2e");} then {@code lab.get()}.
     */
    public static ClassFixture<LabFixture> perClass(String base) {
        return ClassFixture.of(() -> {
            Path agentJar = TransportOptions.defaults().withLabdeckHome(Prerequisites.repoRoot()).agentJar();
            Prerequisites.require(Files.isRegularFile(agentJar), "agent jar " + agentJar + " not built (run ./mvnw package -DskipTests)");
            return up(base);
        });
    }

    public static LabFixture up(String base) {
        return up(base, 0);
    }

    /** As {@link #up(String)}, with {@code hugepages} reserved for the lab ({@code lab up --hugepages}). */
    public static LabFixture up(String base, int hugepages) {
        Prerequisites.requireRoot();
        Prerequisites.requireCommand("ip", "iproute2");
        Prerequisites.requireCommand("sshd", "openssh-server");
        Prerequisites.requireCommand("ssh-keygen", "openssh-client");
        LabInABox labs = new LabInABox();
        String name = base + Long.toString(36 * 36 + ProcessHandle.current().pid() % (36 * 36), 36).substring(1);
        try (LabLock ignored = LabLock.acquire()) {
            LabName.check(name);
            removeOrphans(labs, base);
            labs.down(name);
            int start = Math.floorMod(name.hashCode(), BLOCKS);
            LabException last = null;
            for (int i = 0; i < BLOCKS; i++) {
                String range = TEST_POOL.subnet(LabAddressPlan.LONGEST_PREFIX, (start + i) % BLOCKS).toString();
                try {
                    LabState state = labs.up(name, range, hugepages).state();
                    Files.writeString(labs.paths().labDir(name).resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
                    return new LabFixture(labs, state);
                } catch (LabRangeInUseException taken) {
                    last = taken;
                }
            }
            throw new IllegalStateException("no free /23 left in " + TEST_POOL + " for lab " + name, last);
        } catch (LabException | IOException e) {
            throw new IllegalStateException("lab-in-a-box " + name + " did not come up: " + e.getMessage(), e);
        }
    }

    /** Removes labs {@code base??} whose owning test JVM is no longer running. */
    private static void removeOrphans(LabInABox labs, String base) throws LabException, IOException {
        Pattern mine = Pattern.compile(Pattern.quote(base) + "[0-9a-z]{2}");
        Set<String> names = new TreeSet<>();
        for (String ns : labs.allNamespaces()) {
            int dash = ns.indexOf('-');
            if (dash > 0) {
                names.add(ns.substring(0, dash));
            }
        }
        if (Files.isDirectory(labs.paths().labsDir())) {
            try (Stream<Path> dirs = Files.list(labs.paths().labsDir())) {
                dirs.map(d -> d.getFileName().toString()).forEach(names::add);
            }
        }
        for (String n : names) {
            if (!mine.matcher(n).matches()) {
                continue;
            }
            Path owner = labs.paths().labDir(n).resolve(OWNER_FILE);
            long pid = -1;
            try {
                pid = Files.exists(owner) ? Long.parseLong(Files.readString(owner).strip()) : -1;
            } catch (NumberFormatException unreadable) {
                pid = -1;
            }
            if (pid < 0 || !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                labs.down(n);
            }
        }
    }

    public String name() {
        return state.name();
    }

    public LabState state() {
        return state;
    }

    public LabInABox labs() {
        return labs;
    }

    /**
     * A bundled profile ({@code "profiles/lab-in-a-box-xdp.yaml"}, relative to the repository),
     * loaded and with its {@code lab:} references pointed at this lab.
     */
    public Profile profile(String repoRelativePath) {
        Path file = Prerequisites.repoRoot().resolve(repoRelativePath);
        try {
            return resolve(ProfileLoader.load(file));
        } catch (ProfileException e) {
            throw new IllegalStateException(file + " does not load: " + e.problems(), e);
        }
    }

    /**
     * Runs a command inside a host's namespace ({@code ip netns exec <lab>-<host> ...}), e.g.
     * {@code lab.run("dst", "ip", "-j", "link", "show", "dev", "data0")}, and returns its stdout;
     * a non-zero exit fails with the command's stderr.
     */
    public String run(String host, String... command) {
        String ns = state.host(host).orElseThrow(() -> new IllegalArgumentException("lab has no host " + host)).namespace();
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        argv.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(argv).start();
            p.getOutputStream().close();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return e.getMessage();
                }
            });
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = p.waitFor();
            if (exit != 0) {
                throw new IllegalStateException(String.join(" ", argv) + " exited " + exit + ": " + err.join().strip());
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", argv) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + String.join(" ", argv), e);
        }
    }

    /** The profile with its {@code lab:} references pointed at this lab. */
    public Profile resolve(Profile p) {
        try {
            return new LabResolver(labs, name()).apply(p);
        } catch (LabException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Removes the lab; what was removed is returned for tests that check it. */
    public LabDownReport down() {
        closed.set(true);
        try {
            return labs.down(name());
        } catch (LabException e) {
            throw new IllegalStateException("lab " + name() + " did not come down: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                Runtime.getRuntime().removeShutdownHook(exitHook);
            } catch (IllegalStateException exiting) {
                // the JVM is already exiting and the hook runs anyway
            }
            try {
                labs.down(name());
            } catch (LabException e) {
                throw new IllegalStateException("lab " + name() + " did not come down: " + e.getMessage(), e);
            }
        }
    }

    private void downQuietly() {
        if (closed.compareAndSet(false, true)) {
            try {
                labs.down(name());
            } catch (LabException | RuntimeException ignored) {
                // best effort at JVM exit
            }
        }
    }
}

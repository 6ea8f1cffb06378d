package dev.labdeck.controller.lab;

import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.profile.ProfileException;
import dev.labdeck.controller.profile.ProfileLoader;
import dev.labdeck.testkit.Prerequisites;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A uniquely named lab-in-a-box for one end-to-end test:
 * {@code try (LabFixture lab = LabFixture.up("xt1")) { Profile p = lab.profile("profiles/lab-in-a-box-xdp.yaml"); ... }}.
 *
 * <p>It skips the test (or fails it under {@code LABDECK_E2E=required}) when the machine cannot
 * build a lab, takes a free /23 from 10.232.0.0/16 so tests running at the same time never share
 * addresses, and removes the lab on close, or at JVM exit if a test never got to close it.
 */
public final class LabFixture implements AutoCloseable {
    private static final Ipv4Cidr TEST_POOL = Ipv4Cidr.parse("10.232.0.0/16");
    private static final int BLOCKS = 1 << (LabAddressPlan.LONGEST_PREFIX - TEST_POOL.prefix());

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
     * Builds lab {@code name} (at most 6 characters by convention, unique to the test), first
     * removing anything a crashed earlier run of the same test left.
     */
    public static LabFixture up(String name) {
        Prerequisites.requireRoot();
        Prerequisites.requireCommand("ip", "iproute2");
        Prerequisites.requireCommand("sshd", "openssh-server");
        Prerequisites.requireCommand("ssh-keygen", "openssh-client");
        LabInABox labs = new LabInABox();
        try {
            labs.down(name);
            int start = Math.floorMod(name.hashCode(), BLOCKS);
            LabException last = null;
            for (int i = 0; i < BLOCKS; i++) {
                String range = TEST_POOL.subnet(LabAddressPlan.LONGEST_PREFIX, (start + i) % BLOCKS).toString();
                try {
                    return new LabFixture(labs, labs.up(name, range).state());
                } catch (LabRangeInUseException taken) {
                    last = taken;
                }
            }
            throw new IllegalStateException("no free /23 left in " + TEST_POOL + " for lab " + name, last);
        } catch (LabException e) {
            throw new IllegalStateException("lab-in-a-box " + name + " did not come up: " + e.getMessage(), e);
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

package dev.labdeck.nativeio.bpf;

import java.util.Optional;

/** Whether libbpf can be used here, asked without failing. */
public final class BpfSupport {
    private BpfSupport() {}

    /** Empty when libbpf is usable, else why not (e.g. "not Linux (Mac OS X)"). */
    public static Optional<String> unavailableReason() {
        return Libbpf.unavailableReason();
    }

    public static boolean available() {
        return unavailableReason().isEmpty();
    }

    /** Number of possible CPUs, the count of slots in a per-CPU map value. */
    public static int possibleCpus() throws BpfException {
        return Libbpf.get().possibleCpus();
    }
}

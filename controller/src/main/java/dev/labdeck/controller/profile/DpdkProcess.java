package dev.labdeck.controller.profile;

/**
 * A service's part in a DPDK multi-process application (a service's {@code dpdk}). A secondary
 * starts once its primary is ready, runs with the primary's {@code --file-prefix} and
 * {@code --proc-type secondary} (LabDeck adds both to its EAL arguments when they are missing), and
 * is stopped before its primary. It needs hugepages: the primary cannot run with {@code --no-huge}
 * ({@code labdeck lab up --hugepages N}).
 *
 * @param primary the primary's service name, on the same host
 */
public record DpdkProcess(
        @Key(name = "proc_type", orElse = "primary", doc = "primary, or secondary: attaches to the memory and"
                + " ports of the service named in primary") DpdkProcType procType,
        @Key(doc = "the primary DPDK service on the same host (a secondary's); it starts after it is ready, with its"
                + " --file-prefix, and stops before it") String primary) {

    /** True for a secondary process. */
    public boolean secondary() {
        return procType == DpdkProcType.SECONDARY;
    }
}

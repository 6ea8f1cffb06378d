package dev.labdeck.nativeio.bpf;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A program attached at an interface's XDP hook by this process; {@link #close()} detaches it
 * (only if it is still ours). The program's {@link BpfObject} must outlive this attachment.
 */
public final class AttachedXdpProgram implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AttachedXdpProgram.class);

    private final String interfaceName;
    private final int ifindex;
    private final BpfProgram program;
    private final XdpMode mode;
    private final int programId;
    private final String fallbackReason;
    private boolean attached = true;

    private AttachedXdpProgram(String interfaceName, int ifindex, BpfProgram program, XdpMode mode, int programId,
                               String fallbackReason) {
        this.interfaceName = interfaceName;
        this.ifindex = ifindex;
        this.program = program;
        this.mode = mode;
        this.programId = programId;
        this.fallbackReason = fallbackReason;
    }

    /**
     * Attaches {@code program} (of a loaded object) to {@code interfaceName} in {@code mode}. When
     * native mode fails and {@code allowGeneric}, tries generic mode and keeps why native failed
     * in {@link #fallbackReason()}.
     */
    public static AttachedXdpProgram attach(BpfProgram program, String interfaceName, XdpMode mode, boolean allowGeneric)
            throws BpfException {
        int ifindex = Xdp.ifindex(interfaceName);
        String fallback = null;
        XdpMode used = mode;
        try {
            Xdp.attach(ifindex, program, mode);
        } catch (BpfException nativeFailure) {
            if (mode != XdpMode.NATIVE || !allowGeneric) throw nativeFailure;
            fallback = nativeFailure.getMessage();
            used = XdpMode.GENERIC;
            LOG.warn("native XDP failed on {} ({}); falling back to generic mode", interfaceName, fallback);
            Xdp.attach(ifindex, program, XdpMode.GENERIC);
        }
        int id = Xdp.query(ifindex).programId(used);
        LOG.info("attached XDP program {} (id {}) to {} in {} mode", program.name(), id, interfaceName, used.label());
        return new AttachedXdpProgram(interfaceName, ifindex, program, used, id, fallback);
    }

    public String interfaceName() {
        return interfaceName;
    }

    public int ifindex() {
        return ifindex;
    }

    public BpfProgram program() {
        return program;
    }

    /** The mode actually in effect. */
    public XdpMode mode() {
        return mode;
    }

    /** The kernel's program id, as {@code ip link} and {@code bpftool} show it. */
    public int programId() {
        return programId;
    }

    /** Why native mode failed when this attachment fell back to generic, else null. */
    public String fallbackReason() {
        return fallbackReason;
    }

    /** Detaches; throws if the kernel refuses. Idempotent once it succeeded. */
    public synchronized void detach() throws BpfException {
        if (!attached) return;
        Xdp.detach(ifindex, mode, program.fd());
        attached = false;
        LOG.info("detached XDP program {} from {}", program.name(), interfaceName);
    }

    public synchronized boolean attached() {
        return attached;
    }

    /** Detaches, logging instead of throwing (the interface may be gone already). */
    @Override
    public void close() {
        try {
            detach();
        } catch (BpfException e) {
            LOG.warn("detaching XDP from {} failed: {}", interfaceName, e.getMessage());
        }
    }
}

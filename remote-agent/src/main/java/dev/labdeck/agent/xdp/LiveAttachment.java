package dev.labdeck.agent.xdp;

import dev.labdeck.agent.journal.Change;
import dev.labdeck.nativeio.bpf.AttachedXdpProgram;
import dev.labdeck.nativeio.bpf.BpfObject;
import dev.labdeck.protocol.XdpAttachment;

/** An attachment this agent holds: what it reports, the loaded object and the hook it sits on. */
record LiveAttachment(XdpAttachment info, BpfObject object, AttachedXdpProgram hook, boolean builtin) {

    Change.XdpProgram journalEntry(String netns) {
        return new Change.XdpProgram(info.interfaceName(), info.ifindex(), netns, info.program(), info.programId(), info.mode());
    }

    /** Detaches and unloads; the object goes even when the detach fails (the interface may be gone). */
    void release() throws dev.labdeck.nativeio.bpf.BpfException {
        try {
            hook.detach();
        } finally {
            object.close();
        }
    }
}

package dev.labdeck.controller.bench;

import dev.labdeck.controller.lab.CommandRunner;
import dev.labdeck.controller.lab.Iproute2;
import dev.labdeck.controller.lab.LabDataLink;
import dev.labdeck.controller.lab.LabException;
import dev.labdeck.controller.lab.LabHost;
import dev.labdeck.controller.lab.LabState;
import java.util.ArrayList;
import java.util.List;

/**
 * The lab the benchmark sends over: the data link from {@code src} to {@code dst}, and commands
 * inside the hosts' namespaces. Counters come from the lab's {@link Iproute2} ({@code ip -s -j link}), the kernel's own.
 */
final class BenchLab {
    private static final Iproute2 IP = new Iproute2(new CommandRunner());

    private final LabState state;

    BenchLab(LabState state) throws BenchException {
        this.state = state;
        if (state.dataLink() == null) throw new BenchException("lab " + state.name() + " has no data link");
    }

    String name() {
        return state.name();
    }

    LabDataLink.End src() {
        return state.dataLink().src();
    }

    LabDataLink.End dst() {
        return state.dataLink().dst();
    }

    LabHost host(String name) throws BenchException {
        return state.host(name).orElseThrow(() -> new BenchException("lab " + state.name() + " has no host " + name));
    }

    /** {@code ip netns exec NS command…} as a process builder, output to the caller. */
    static ProcessBuilder inNamespace(String namespace, List<String> command) {
        List<String> all = new ArrayList<>(List.of(Iproute2.ip(), "netns", "exec", namespace));
        all.addAll(command);
        return new ProcessBuilder(all);
    }

    /** The kernel's counters of one end of the data link. */
    static Iproute2.LinkCounters counters(LabDataLink.End end) throws BenchException {
        try {
            return IP.counters(end.namespace(), end.interfaceName());
        } catch (LabException e) {
            throw new BenchException(e.getMessage(), e);
        }
    }
}

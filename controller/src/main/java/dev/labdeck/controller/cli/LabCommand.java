package dev.labdeck.controller.cli;

import dev.labdeck.controller.lab.LabAddressPlan;
import dev.labdeck.controller.lab.LabDataLink;
import dev.labdeck.controller.lab.LabException;
import dev.labdeck.controller.lab.LabHost;
import dev.labdeck.controller.lab.LabName;
import dev.labdeck.controller.lab.LabState;
import dev.labdeck.controller.lab.LabStatus;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code labdeck lab up|status|down|cleanup}: the lab-in-a-box on this machine. */
@Command(name = "lab", mixinStandardHelpOptions = true,
        description = {"The lab-in-a-box: three hosts (src, dst, memif) as network namespaces on this Linux machine,",
                "a management bridge, a veth data link from src to dst, and an OpenSSH server in each host. Needs root."},
        subcommands = {LabUpCommand.class, LabStatusCommand.class, LabDownCommand.class, LabCleanupCommand.class})
public final class LabCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Why {@code name} or {@code subnet} (may be null) is not acceptable, or null when both are. */
    static String invalidInput(String name, String subnet) {
        try {
            LabName.check(name);
            if (subnet != null) {
                LabAddressPlan.of(subnet);
            }
            return null;
        } catch (LabException | IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** The lab as people read it: hosts, addresses, how to log in. */
    static void printLab(PrintWriter out, LabState s) {
        out.printf("  range %s: management %s on bridge %s (controller %s), data %s%n", s.range(), s.managementSubnet(),
                s.bridge(), s.controllerAddress(), s.dataLink().subnet());
        for (LabHost h : s.hosts()) {
            String data = "";
            for (LabDataLink.End e : new LabDataLink.End[] {s.dataLink().src(), s.dataLink().dst()}) {
                if (e.host().equals(h.name())) {
                    data = "  " + e.interfaceName() + " " + e.address();
                }
            }
            out.printf("  %-6s namespace %-14s ssh %s@%s%s%n", h.name(), h.namespace(), s.user(), h.managementAddress(), data);
        }
        out.printf("  data link: src %s %s <-> dst %s %s, static neighbours both ways (no ARP on it)%n",
                s.dataLink().src().interfaceName(), s.dataLink().src().address(), s.dataLink().dst().interfaceName(),
                s.dataLink().dst().address());
        if (s.hugepages() != null && s.hugepages() > 0) {
            out.printf("  hugepages: %d reserved for the lab, hugetlbfs on %s (given back at lab down)%n", s.hugepages(),
                    s.hugepageDir());
        }
        out.printf("  log in: ssh -i %s -o UserKnownHostsFile=%s %s@%s%n", s.userKey(),
                java.nio.file.Path.of(s.userKey()).getParent().getParent().getParent().resolve("known_hosts"), s.user(),
                s.hosts().getFirst().managementAddress());
        out.printf("  profiles reach it as  address: lab:src  key: lab:src  destination: lab:dst.data  (see profiles/lab-in-a-box-udp.yaml)%n");
    }

    static void printStatus(PrintWriter out, LabStatus st) {
        for (LabStatus.HostStatus h : st.hosts()) {
            out.printf("  %-6s %-14s %-12s namespace %-7s sshd %s%n", h.name(), h.namespace(), h.address(),
                    h.namespacePresent() ? "present" : "MISSING",
                    h.sshdRunning() ? "pid " + h.sshdPid() + (h.sshPortOpen() ? ", port 22 open" : ", port 22 CLOSED")
                            : "NOT RUNNING");
        }
        for (LabStatus.LinkStatus l : st.links()) {
            out.printf("  link %-14s %-5s %s%n", l.name(), l.up() ? "up" : l.present() ? "DOWN" : "MISSING", l.description());
        }
    }
}

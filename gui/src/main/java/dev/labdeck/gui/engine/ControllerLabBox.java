package dev.labdeck.gui.engine;

import dev.labdeck.controller.lab.LabDownReport;
import dev.labdeck.controller.lab.LabInABox;
import dev.labdeck.controller.lab.LabPreconditions;
import dev.labdeck.controller.lab.LabStatus;
import dev.labdeck.controller.lab.LabUpResult;
import dev.labdeck.gui.labbox.LabBoxControl;
import java.util.ArrayList;
import java.util.List;

/** The controller's {@link LabInABox} behind the app's lab panel: the same labs as {@code labdeck lab}. */
public final class ControllerLabBox implements LabBoxControl {
    // made on first use: building it reads the lab files with Jackson, which the first window does not need
    private LabInABox labs;

    private synchronized LabInABox labs() {
        if (labs == null) labs = new LabInABox();
        return labs;
    }

    @Override
    public List<String> cannotBuild() {
        return LabPreconditions.missing();
    }

    @Override
    public Status status(String name) throws Exception {
        LabStatus s = labs().status(name);
        List<String> lines = new ArrayList<>();
        for (LabStatus.HostStatus h : s.hosts()) {
            lines.add("host " + h.name() + "  " + h.address() + "  namespace " + (h.namespacePresent() ? "present" : "missing")
                    + ", sshd " + (h.sshdRunning() ? "running (pid " + h.sshdPid() + ")" : "not running")
                    + ", port 22 " + (h.sshPortOpen() ? "open" : "closed"));
        }
        for (LabStatus.LinkStatus l : s.links()) {
            lines.add("link " + l.name() + "  " + l.description() + "  " + (l.present() ? l.up() ? "up" : "down" : "missing"));
        }
        // what is found of a lab without its state.json is left over; with it, those are the lab's own parts
        if (s.state() == null && !s.leftovers().isEmpty()) lines.add("left over: " + String.join(", ", s.leftovers()));
        return new Status(name, s.up(), s.absent(), s.state() == null ? null : s.state().range(), lines, s.problems());
    }

    @Override
    public String up(String name, String range) throws Exception {
        LabUpResult r = labs().up(name, range);
        if (r.alreadyUp()) return "Lab " + name + " was already up on " + r.state().range() + "; nothing changed.";
        return "Lab " + name + " is up on " + r.state().range() + " with hosts "
                + String.join(", ", r.state().hosts().stream().map(h -> h.name()).toList())
                + (r.repaired().isEmpty() ? "." : "; rebuilt because " + String.join("; ", r.repaired()) + ".");
    }

    @Override
    public String down(String name) throws Exception {
        LabDownReport r = labs().down(name);
        return r.nothingToRemove() ? "Nothing of lab " + name + " was there." : "Lab " + name + " removed: " + String.join(", ", r.removed()) + ".";
    }
}

package dev.labdeck.controller.engine;

import dev.labdeck.controller.link.LinkCounterStage;
import dev.labdeck.controller.profile.Profile;
import dev.labdeck.controller.run.RunStage;
import dev.labdeck.controller.service.ServiceStage;
import dev.labdeck.controller.xdp.XdpStage;
import java.util.ArrayList;
import java.util.List;

/**
 * The stages a profile needs, in set-up order. This is the one place where features join the run:
 * XDP attaches in PREPARE, services start in START SERVICES; each adds one line below. A stage's
 * {@link RunStage#phase()} may be PREPARE, START_SERVICES or COLLECT (to read final counters while
 * everything still runs); every stage that was set up is torn down in reverse order in TEARDOWN.
 */
public final class RunStages {

    private RunStages() {}

    public static List<RunStage> forProfile(Profile p) {
        List<RunStage> stages = new ArrayList<>();
        if (LinkCounterStage.wanted(p)) stages.add(new LinkCounterStage());
        if (XdpStage.wanted(p)) stages.add(new XdpStage());
        if (ServiceStage.wanted(p)) stages.add(new ServiceStage(p));
        return stages;
    }
}

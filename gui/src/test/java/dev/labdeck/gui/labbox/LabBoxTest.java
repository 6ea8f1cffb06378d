package dev.labdeck.gui.labbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.controller.lab.LabInABox;
import dev.labdeck.controller.lab.LabStatus;
import dev.labdeck.gui.engine.ControllerProfileFiles;
import dev.labdeck.gui.shell.LabDeckWindow;
import dev.labdeck.gui.shell.MainView;
import dev.labdeck.gui.task.BackgroundTasks;
import dev.labdeck.gui.theme.Theme;
import dev.labdeck.testkit.Eventually;
import dev.labdeck.testkit.Prerequisites;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The lab-in-a-box from the app: Up builds real namespaces with real sshds (as `labdeck lab up`),
 * Status shows them, Down removes them; and on a machine that cannot, the reason is shown.
 */
@ExtendWith(ApplicationExtension.class)
class LabBoxTest {
    /** Tests' labs live in 10.232.0.0/16 (as LabFixture's), one /23 each, names unique per JVM. */
    static final String NAME = "gl" + Long.toString(36 * 36 + ProcessHandle.current().pid() % (36 * 36), 36).substring(1);

    @TempDir Path dir;
    LabDeckWindow window;

    @Start
    void start(Stage stage) {
        window = new LabDeckWindow(new LabDeckWindow.Settings(Prerequisites.repoRoot(), dir.resolve("runs"), dir.resolve("recent"), Theme.LIGHT),
                new ControllerProfileFiles(), p -> "nowhere (a test)");
        stage.setScene(window.scene());
        stage.show();
    }

    @AfterEach
    void down() throws Exception {
        if (Prerequisites.which("sshd") != null) new LabInABox().down(NAME);
    }

    @Test
    void upStatusAndDownFromTheApp(FxRobot robot) throws Exception {
        Prerequisites.requireRoot();
        Prerequisites.requireCommand("ip", "iproute2");
        Prerequisites.requireCommand("sshd", "openssh-server");
        Prerequisites.requireCommand("ssh-keygen", "openssh-client");
        Prerequisites.requireCommand("ethtool", "ethtool");
        robot.interact(() -> window.view().show(MainView.Page.LAB_BOX));
        LabBoxViewModel vm = window.labBox();
        Eventually.await("the first status", Duration.ofSeconds(60), () -> !vm.busyProperty().get() && vm.statusProperty().get() != null);
        robot.interact(() -> vm.nameProperty().set(NAME));
        int blocks = 1 << (23 - 16);
        int start = Math.floorMod(NAME.hashCode() + 7, blocks);
        boolean up = false;
        for (int i = 0; i < blocks && !up; i++) {
            int b = (start + i) % blocks;
            String range = "10.232." + (b * 2) + ".0/23";
            robot.interact(() -> vm.rangeProperty().set(range));
            robot.clickOn("#labbox-up");
            Eventually.await("Up to finish", Duration.ofSeconds(180), () -> !vm.busyProperty().get() && !vm.outcomeProperty().get().isEmpty(),
                    () -> vm.progressProperty().get());
            WaitForAsyncUtils.waitForFxEvents();
            up = vm.statusProperty().get() != null && vm.statusProperty().get().up();
            if (!up) assertTrue(vm.outcomeProperty().get().contains("already in use") || vm.outcomeProperty().get().contains("already routed"), vm.outcomeProperty().get());
        }
        assertTrue(up, vm.outcomeProperty().get());
        Label headline = robot.lookup("#labbox-headline").queryAs(Label.class);
        assertTrue(headline.getText().startsWith("Lab " + NAME + " is up on 10.232."), headline.getText());
        assertTrue(vm.lines().stream().anyMatch(l -> l.startsWith("host src") && l.contains("sshd running") && l.contains("port 22 open")),
                vm.lines().toString());
        // the lab's own namespaces and interfaces are the lab, not something left over
        assertTrue(vm.lines().stream().noneMatch(l -> l.startsWith("left over")), vm.lines().toString());
        LabStatus seen = new LabInABox().status(NAME);
        assertTrue(seen.up(), seen.problems().toString());

        robot.clickOn("#labbox-down");
        Eventually.await("Down to finish", Duration.ofSeconds(120), () -> !vm.busyProperty().get() && vm.statusProperty().get() != null
                && vm.statusProperty().get().absent(), () -> vm.outcomeProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(headline.getText().contains("is down"), headline.getText());
        assertTrue(new LabInABox().status(NAME).absent());
    }

    @Test
    void aMachineThatCannotBuildTheLabSaysWhy() {
        LabBoxControl cannot = new LabBoxControl() {
            @Override public List<String> cannotBuild() {
                return List.of("the lab-in-a-box needs root (it creates network namespaces, a bridge and veth links); run as root, e.g. with sudo",
                        "'sshd' not found: install OpenSSH's server (apt install openssh-server)");
            }
            @Override public Status status(String name) { return new Status(name, false, true, null, List.of(), List.of()); }
            @Override public String up(String name, String range) { throw new AssertionError("up must not be tried"); }
            @Override public String down(String name) { return ""; }
        };
        LabBoxViewModel vm = new LabBoxViewModel(cannot, new BackgroundTasks(Runnable::run));
        vm.up();
        assertTrue(vm.cannotProperty().get().contains("needs root"), vm.cannotProperty().get());
        assertTrue(vm.outcomeProperty().get().contains("openssh-server"), vm.outcomeProperty().get());
        assertFalse(vm.busyProperty().get());
        assertEquals(null, vm.statusProperty().get());
    }
}

package dev.labdeck.controller.cli;

import static dev.labdeck.controller.cli.LabdeckTerminal.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.controller.cli.LabdeckTerminal.Printed;
import dev.labdeck.testkit.Prerequisites;
import org.junit.jupiter.api.Test;

/** {@code labdeck lab ...} as a person types it: messages and exit codes. */
class LabCommandTest {

    @Test
    void aNameTooLongOrARangeTooSmallIsBadInput() {
        Printed r = run("lab", "up", "--name", "waytoolongname");
        assertEquals(LabDeckCli.EXIT_INVALID_INPUT, r.exit());
        assertTrue(r.err().contains("at most 9 characters"), r.err());
        Printed small = run("lab", "up", "--name", "lc1", "--subnet", "10.232.9.0/24");
        assertEquals(LabDeckCli.EXIT_INVALID_INPUT, small.exit());
        assertTrue(small.err().contains("/23 or larger"), small.err());
    }

    @Test
    void statusAndDownOfALabThatIsNotThereSaySo() {
        Prerequisites.requireRoot();
        Prerequisites.requireCommand("ip", "iproute2");
        Printed status = run("lab", "status", "--name", "lcabsent");
        assertEquals(LabDeckCli.EXIT_RUN_FAILED, status.exit());
        assertTrue(status.out().contains("lab lcabsent is not up"), status.out());
        Printed down = run("lab", "down", "--name", "lcabsent");
        assertEquals(LabDeckCli.EXIT_OK, down.exit(), down.err());
        assertTrue(down.out().contains("nothing to remove"), down.out());
    }

    @Test
    void everyLabCommandHasHelp() {
        for (String sub : new String[] {"up", "status", "down"}) {
            Printed r = run("lab", sub, "--help");
            assertEquals(0, r.exit());
            assertTrue(r.out().contains("--name"), r.out());
        }
        assertTrue(run("demo", "--help").out().contains("--loopback"));
    }
}

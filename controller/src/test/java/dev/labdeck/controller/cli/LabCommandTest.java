package dev.labdeck.controller.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.testkit.Prerequisites;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code labdeck lab ...} as a person types it: messages and exit codes. */
class LabCommandTest {

    private record Result(int exit, String out, String err) {}

    private static Result labdeck(String... args) {
        CommandLine cl = LabDeckCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void aNameTooLongOrARangeTooSmallIsBadInput() {
        Result r = labdeck("lab", "up", "--name", "waytoolongname");
        assertEquals(LabDeckCli.EXIT_INVALID_INPUT, r.exit());
        assertTrue(r.err().contains("at most 9 characters"), r.err());
        Result small = labdeck("lab", "up", "--name", "lc1", "--subnet", "10.232.9.0/24");
        assertEquals(LabDeckCli.EXIT_INVALID_INPUT, small.exit());
        assertTrue(small.err().contains("/23 or larger"), small.err());
    }

    @Test
    void statusAndDownOfALabThatIsNotThereSaySo() {
        Prerequisites.requireRoot();
        Prerequisites.requireCommand("ip", "iproute2");
        Result status = labdeck("lab", "status", "--name", "lcabsent");
        assertEquals(LabDeckCli.EXIT_RUN_FAILED, status.exit());
        assertTrue(status.out().contains("lab lcabsent is not up"), status.out());
        Result down = labdeck("lab", "down", "--name", "lcabsent");
        assertEquals(LabDeckCli.EXIT_OK, down.exit(), down.err());
        assertTrue(down.out().contains("nothing to remove"), down.out());
    }

    @Test
    void everyLabCommandHasHelp() {
        for (String sub : new String[] {"up", "status", "down"}) {
            Result r = labdeck("lab", sub, "--help");
            assertEquals(0, r.exit());
            assertTrue(r.out().contains("--name"), r.out());
        }
        assertTrue(labdeck("demo", "--help").out().contains("--loopback"));
    }
}

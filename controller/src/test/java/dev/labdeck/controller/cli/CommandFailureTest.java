package dev.labdeck.controller.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A command that fails unexpectedly (a bug such as an NPE) gives one line on the terminal and exit 3, no trace. */
class CommandFailureTest {

    @CommandLine.Command(name = "boom")
    static final class Boom implements Runnable {
        @Override
        public void run() {
            Object nothing = null;
            nothing.hashCode(); // an NPE whose message is JDK-generated: give it a null message below
        }
    }

    @CommandLine.Command(name = "quiet-boom")
    static final class QuietBoom implements Runnable {
        @Override
        public void run() {
            throw new IllegalStateException((String) null);
        }
    }

    @CommandLine.Command(name = "multi-line")
    static final class MultiLine implements Runnable {
        @Override
        public void run() {
            throw new IllegalStateException("first line\n  second line");
        }
    }

    private static LabdeckTerminal.Printed run(String command) {
        CommandLine cl = LabDeckCli.commandLine();
        cl.addSubcommand(new Boom()).addSubcommand(new QuietBoom()).addSubcommand(new MultiLine());
        return LabdeckTerminal.run(cl, command);
    }

    @Test
    void anUnexpectedFailureIsOneLineWithoutATrace() {
        for (String command : new String[] {"boom", "quiet-boom", "multi-line"}) {
            LabdeckTerminal.Printed r = run(command);
            assertEquals(LabDeckCli.EXIT_RUN_FAILED, r.exit(), command);
            String err = r.err().strip();
            assertEquals(1, err.lines().count(), command + ": " + err);
            assertTrue(err.startsWith("labdeck: "), err);
            assertFalse(err.contains("\tat ") || err.contains("Exception:") || err.equals("labdeck: null"), err);
        }
        String quiet = run("quiet-boom").err();
        assertTrue(quiet.contains("internal error IllegalStateException at QuietBoom.run; the trace is in labdeck.log"), quiet);
    }
}

package dev.labdeck.controller.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's --help reads as written: no format warnings from picocli (an unescaped % is one). */
class CliHelpTest {

    @Test
    void everyCommandsHelpPrintsWithoutWarnings() {
        List<List<String>> commands = new ArrayList<>();
        collect(LabDeckCli.commandLine(), new ArrayList<>(), commands);
        assertTrue(commands.size() > 6, "commands found: " + commands);
        PrintStream original = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            for (List<String> c : commands) {
                List<String> args = new ArrayList<>(c);
                args.add("--help");
                LabdeckTerminal.Printed r = LabdeckTerminal.run(args.toArray(String[]::new));
                assertEquals(0, r.exit(), String.join(" ", args) + ": " + r.err());
                assertTrue(r.out().startsWith("Usage: labdeck " + String.join(" ", c)), r.out());
            }
        } finally {
            System.setErr(original);
        }
        assertFalse(warnings.toString(StandardCharsets.UTF_8).contains("WARN"), warnings.toString(StandardCharsets.UTF_8));
    }

    @Test
    void compareHelpShowsTheRuleExampleWithItsPercentSigns() {
        LabdeckTerminal.Printed r = LabdeckTerminal.run("compare", "--help");
        assertTrue(r.out().contains("'traffic.rx_pps < -5%' fails when B's rx_pps"), r.out());
        assertTrue(r.out().contains("without % the change is absolute"), r.out());
    }

    private static void collect(CommandLine cl, List<String> path, List<List<String>> into) {
        cl.getSubcommands().forEach((name, sub) -> {
            if (name.equals("help")) {
                return;
            }
            List<String> p = new ArrayList<>(path);
            p.add(name);
            into.add(p);
            collect(sub, p, into);
        });
    }
}

package dev.labdeck.controller.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.testkit.Eventually;
import dev.labdeck.testkit.Prerequisites;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands SSH hosts are sent, per system. The POSIX ones run here for real, also as on a
 * macOS host (no setsid command); the PowerShell ones are checked as text, since no Windows
 * host is at hand (docs/remote-hosts.md says which paths are unproven).
 */
class HostShellTest {
    @TempDir
    Path dir;

    @Test
    void theProbesAnswerChoosesTheShell() {
        assertInstanceOf(PosixShell.class, HostShell.forSystem("Linux"));
        assertInstanceOf(PosixShell.class, HostShell.forSystem("Darwin"));
        assertInstanceOf(WindowsShell.class, HostShell.forSystem("Windows"));
    }

    @Test
    void withoutSetsidAsOnMacOsTheAgentStillGetsItsOwnSessionAndStopsWithIt() throws Exception {
        Prerequisites.requireLinux();
        Prerequisites.requireCommand("perl", "perl-base");
        // a PATH as on macOS: sh, perl, ps and the usual tools, but no setsid
        Path bin = Files.createDirectory(dir.resolve("bin"));
        for (String tool : List.of("sh", "perl", "nohup", "sleep", "cat", "tail", "ps", "tr", "rm", "mkdir", "chmod")) {
            Path real = Path.of("/usr/bin", tool);
            Files.createSymbolicLink(bin.resolve(tool), Files.exists(real) ? real : Path.of("/bin", tool));
        }
        Path agentDir = Files.createDirectory(dir.resolve("agent"));
        Files.writeString(agentDir.resolve("token"), "t\n");
        // the "agent": writes its ready file as the real one does, then a child of its own, then waits
        List<String> agent = List.of("sh", "-c", "sleep 300 & printf '{\"port\":1,\"pid\":%s}' $$ > ready.json; wait");
        PosixShell shell = new PosixShell();
        Map<String, String> env = Map.of("PATH", bin.toString());

        String out = run(shell.agentStart(agentDir.toString(), 100, agent), env);
        AgentReady ready = AgentReady.parse(out);
        assertEquals(ready.pid(), sessionOf(ready.pid()), "the agent leads its own session");

        String stop = run(shell.agentStop(ready.pid(), 1, agentDir.resolve("token").toString()), env);
        assertTrue(stop.contains("terminated"), stop);
        Eventually.await("the agent's session to end", Duration.ofSeconds(10),
                () -> ProcessHandle.allProcesses().noneMatch(p -> sessionOf(p.pid()) == ready.pid()));
        assertTrue(Files.notExists(agentDir.resolve("token")), "token removed");
    }

    @Test
    void powerShellStepsCarryTheirParametersQuotedAndEncoded() {
        WindowsShell shell = new WindowsShell();
        String start = shell.agentStart("C:/Users/o'brien/.labdeck/agent/r1", 50,
                List.of("C:\\Program Files\\Java\\jdk-25\\bin\\java.exe", "-jar", "C:/x/labdeck-agent.jar", "--run-id", "a \"b\""));
        String prefix = "powershell -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand ";
        assertTrue(start.startsWith(prefix), start);
        String script = new String(Base64.getDecoder().decode(start.substring(prefix.length())), StandardCharsets.UTF_16LE);
        assertTrue(script.startsWith("""
                $Dir = 'C:/Users/o''brien/.labdeck/agent/r1'
                $Tenths = '50'
                $Command = '"C:\\Program Files\\Java\\jdk-25\\bin\\java.exe" "-jar" "C:/x/labdeck-agent.jar" "--run-id" "a \\"b\\""'
                """), script);
        assertTrue(script.endsWith(PowerShellScript.AGENT_START.text()));
        assertTrue(script.contains("Win32_Process"), "started outside the SSH session's job");

        String stop = decode(shell.agentStop(4242, 30, "C:/a/token"));
        assertTrue(stop.startsWith("$AgentPid = '4242'\n$Grace = '30'\n$Token = 'C:/a/token'\n"), stop);
        assertTrue(stop.contains("taskkill /PID $AgentPid /T /F"), stop);

        assertEquals("& 'ip' 'a b' 'it''s'\nexit $LASTEXITCODE", decode(shell.exec(List.of("ip", "a b", "it's"))));
        assertEquals(List.of("C:/java/bin/java.exe", "--enable-native-access=ALL-UNNAMED", "-jar", "C:/d/labdeck-agent.jar"),
                shell.agentProgram("C:/d", false, "C:/java/bin/java.exe"));
    }

    @Test
    void cmdLineQuotesAsWindowsProgramsParseTheirArguments() {
        assertEquals("\"C:\\dir with space\\\\\" \"a\\\\\\\"b\" \"\"", WindowsShell.cmdLine(List.of("C:\\dir with space\\", "a\\\"b", "")));
    }

    private static String decode(String command) {
        String encoded = command.substring(command.lastIndexOf(' ') + 1);
        return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_16LE);
    }

    private static long sessionOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[3]);
        } catch (Exception gone) {
            return -1;
        }
    }

    private String run(String commandLine, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", commandLine).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "did not finish: " + out);
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}

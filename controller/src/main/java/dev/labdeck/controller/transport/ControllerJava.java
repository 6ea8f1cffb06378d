package dev.labdeck.controller.transport;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code java} of the runtime this controller runs on, for agents that run on this machine's
 * files (local hosts, lab-in-a-box hosts). The runtime's own {@code bin/java}, not the process's
 * command: in the installed app that command is the app's launcher, which is not a java.
 */
public final class ControllerJava {
    private ControllerJava() {}

    public static String path() {
        boolean windows = System.getProperty("os.name", "").startsWith("Windows");
        Path java = Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java");
        if (Files.isExecutable(java)) {
            return java.toString();
        }
        return ProcessHandle.current().info().command().orElse(java.toString());
    }
}

package dev.labdeck.controller.transport;

import dev.labdeck.testkit.Prerequisites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;

/** Test gate: the built agent jar, with its main class in it. */
final class AgentJars {
    private AgentJars() {}

    static void requireAgentJar(Path jar) {
        boolean ok = false;
        if (Files.isRegularFile(jar)) {
            try (JarFile f = new JarFile(jar.toFile())) {
                ok = f.getEntry("dev/labdeck/agent/AgentMain.class") != null;
            } catch (IOException e) {
                ok = false;
            }
        }
        Prerequisites.require(ok, "agent jar " + jar + " not built with its main class (run ./mvnw package -DskipTests)");
    }
}

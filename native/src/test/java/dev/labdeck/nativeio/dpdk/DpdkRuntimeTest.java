package dev.labdeck.nativeio.dpdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labdeck.testkit.Prerequisites;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DpdkRuntimeTest {

    @Test
    void aMissingProcessIsNamedInTheError() {
        Prerequisites.requireLinux();
        String prefix = "ldnone" + ProcessHandle.current().pid();
        DpdkTelemetryException e = assertThrows(DpdkTelemetryException.class, () -> DpdkTelemetry.connect(prefix));
        assertTrue(e.getMessage().startsWith("no DPDK process with file prefix '" + prefix + "'"), e.getMessage());
        assertFalse(DpdkRuntime.find(prefix).isPresent());
    }

    @Test
    void rootUsesVarRunLikeDpdk() {
        Prerequisites.requireLinux();
        if ("root".equals(System.getProperty("user.name"))) {
            assertEquals(Path.of("/var/run/dpdk/x"), DpdkRuntime.runtimeDirectory("x"));
        } else {
            assertTrue(DpdkRuntime.runtimeDirectory("x").endsWith(Path.of("dpdk", "x")));
        }
    }
}

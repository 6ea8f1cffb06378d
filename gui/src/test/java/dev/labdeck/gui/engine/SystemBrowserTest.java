package dev.labdeck.gui.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The report opener with real processes in the place of xdg-open: one that opens, one that cannot, none at all. */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the stand-in openers are shell scripts")
class SystemBrowserTest {
    @TempDir Path dir;

    private Path script(String name, String body) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        return f;
    }

    @Test
    void theOpenerIsGivenTheReportsAddress() throws Exception {
        Path got = dir.resolve("got");
        Path opener = script("xdg-open", "printf '%s' \"$1\" > " + got);
        Path report = Files.writeString(dir.resolve("report.html"), "<html></html>");
        String how = new SystemBrowser(List.of(opener.toString()), null).open(report);
        assertEquals("in the browser (xdg-open)", how);
        assertEquals(report.toUri().toString(), Files.readString(got));
    }

    @Test
    void anOpenerThatCannotSaysWhy() throws Exception {
        Path opener = script("xdg-open", "echo \"xdg-open: no method available for opening '$1'\"; exit 3");
        Path report = dir.resolve("report.html");
        IOException e = assertThrows(IOException.class, () -> new SystemBrowser(List.of(opener.toString()), null).open(report));
        assertEquals("xdg-open could not open it (exit 3: xdg-open: no method available for opening '" + report.toUri() + "')", e.getMessage());
    }

    @Test
    void withoutAnOpenerTheFileGoesToHostServicesOrTheMessageSaysThereIsNone() throws Exception {
        Path report = dir.resolve("report.html");
        List<String> missing = List.of(dir.resolve("no-such-xdg-open").toString());
        IOException e = assertThrows(IOException.class, () -> new SystemBrowser(missing, null).open(report));
        assertEquals("there is no no-such-xdg-open on this system to open a browser with", e.getMessage());
        AtomicReference<String> handed = new AtomicReference<>();
        String how = new SystemBrowser(missing, handed::set).open(report);
        assertEquals(report.toUri().toString(), handed.get());
        assertEquals("handed to the system (there is no no-such-xdg-open; if no browser opens, open the file yourself)", how);
    }
}

package dev.labdeck.controller.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserDirsTest {
    @TempDir
    Path home;

    @Test
    void linuxUsesXdgAndItsDefaults() {
        assertEquals(new UserDirs(home.resolve(".config/labdeck"), home.resolve(".local/state/labdeck"),
                home.resolve(".local/share/labdeck")), UserDirs.of("Linux", home, Map.of()));
        assertEquals(new UserDirs(Path.of("/x/config/labdeck"), Path.of("/x/state/labdeck"), home.resolve(".local/share/labdeck")),
                UserDirs.of("Linux", home, Map.of("XDG_CONFIG_HOME", "/x/config", "XDG_STATE_HOME", "/x/state",
                        "XDG_DATA_HOME", "relative/is/ignored")));
        assertEquals(home.resolve(".config/labdeck/known_hosts"), UserDirs.of("Linux", home, Map.of()).knownHosts());
    }

    @Test
    void macOsUsesApplicationSupport() {
        Path support = home.resolve("Library/Application Support/LabDeck");
        assertEquals(new UserDirs(support, support, support), UserDirs.of("Mac OS X", home, Map.of()));
    }

    @Test
    void windowsUsesAppData() {
        assertEquals(new UserDirs(Path.of("/r/LabDeck"), Path.of("/l/LabDeck"), Path.of("/l/LabDeck")),
                UserDirs.of("Windows 11", home, Map.of("APPDATA", "/r", "LOCALAPPDATA", "/l")));
    }

    @Test
    void anExistingDotLabdeckKeepsEverything() throws Exception {
        Path legacy = Files.createDirectory(home.resolve(".labdeck"));
        UserDirs dirs = UserDirs.of("Linux", home, Map.of("XDG_CONFIG_HOME", "/x"));
        assertEquals(new UserDirs(legacy, legacy, legacy), dirs);
        assertEquals(legacy.resolve("known_hosts"), dirs.knownHosts());
        assertEquals(legacy.resolve("labdeck.log"), dirs.log());
    }
}

package dev.labdeck.controller.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A PowerShell script that Windows hosts run, kept as a resource file in {@code powershell/}
 * beside this class. Parameters become single-quoted assignments in front of the script, and the
 * whole travels as {@code powershell -EncodedCommand} (base64 of UTF-16LE), which reads the same
 * whether the host's OpenSSH starts cmd.exe or PowerShell for the session: no quoting to get
 * wrong on the way.
 */
record PowerShellScript(String name, String text) {

    static final PowerShellScript PROBE = load("probe.ps1");
    static final PowerShellScript AGENT_DIR = load("agent-dir.ps1");
    static final PowerShellScript BUNDLE_LOOKUP = load("bundle-lookup.ps1");
    static final PowerShellScript BUNDLE_UNPACK = load("bundle-unpack.ps1");
    static final PowerShellScript AGENT_START = load("agent-start.ps1");
    static final PowerShellScript AGENT_STOP = load("agent-stop.ps1");

    static PowerShellScript load(String name) {
        try (InputStream in = PowerShellScript.class.getResourceAsStream("powershell/" + name)) {
            if (in == null) {
                throw new IllegalStateException("powershell/" + name + " is missing beside " + PowerShellScript.class.getName());
            }
            return new PowerShellScript(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The script with its parameters assigned first, as PowerShell will read it. */
    String withParameters(Map<String, String> parameters) {
        StringBuilder b = new StringBuilder();
        new LinkedHashMap<>(parameters).forEach((k, v) -> b.append('$').append(k).append(" = ").append(quote(v)).append('\n'));
        return b.append(text).toString();
    }

    /** {@code powershell -NoProfile -NonInteractive -EncodedCommand ...} running the script with its parameters. */
    String command(Map<String, String> parameters) {
        return encoded(withParameters(parameters));
    }

    static String encoded(String script) {
        return "powershell -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand "
                + Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_16LE));
    }

    /** A PowerShell single-quoted string: nothing inside is expanded; a quote is doubled. */
    static String quote(String value) {
        return "'" + value.replace("'", "''").replace("\u2018", "\u2018\u2018").replace("\u2019", "\u2019\u2019") + "'";
    }
}

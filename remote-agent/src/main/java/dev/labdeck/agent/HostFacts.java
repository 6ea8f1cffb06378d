package dev.labdeck.agent;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/** Facts about this host and agent for {@code /v1/info}, read once and without OSHI (kept off the start path). */
record HostFacts(String agentVersion, String hostname, String os, String osVersion, String kernel, String arch,
                 int cpus, String javaVersion) {

    static boolean isLinux() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    }

    static HostFacts read() {
        String osName = System.getProperty("os.name", "unknown");
        String osVersion = System.getProperty("os.version", "");
        String kernel = osVersion;
        if (isLinux()) {
            kernel = readFirstLine(Path.of("/proc/sys/kernel/osrelease"), osVersion);
            osVersion = prettyName(osVersion);
        }
        return new HostFacts(readAgentVersion(), readHostname(), osName, osVersion, kernel, System.getProperty("os.arch", ""),
                Runtime.getRuntime().availableProcessors(), Runtime.version().toString());
    }

    /** The version stamped into the jar at build time. */
    static String readAgentVersion() {
        try (InputStream in = HostFacts.class.getResourceAsStream("agent-version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.isBlank() && !v.startsWith("${")) return v.trim();
            }
        } catch (IOException ignored) {
            // fall through to the manifest
        }
        String v = HostFacts.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }

    private static String readHostname() {
        if (isLinux()) {
            String h = readFirstLine(Path.of("/proc/sys/kernel/hostname"), null);
            if (h != null && !h.isBlank()) return h;
        }
        String env = System.getenv(System.getProperty("os.name", "").startsWith("Windows") ? "COMPUTERNAME" : "HOSTNAME");
        if (env != null && !env.isBlank()) return env;
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** "Debian GNU/Linux 13 (trixie)" from os-release, else the fallback. */
    private static String prettyName(String fallback) {
        for (Path p : new Path[] {Path.of("/etc/os-release"), Path.of("/usr/lib/os-release")}) {
            try {
                for (String line : Files.readAllLines(p)) {
                    if (line.startsWith("PRETTY_NAME=")) return line.substring(12).replace("\"", "").trim();
                }
            } catch (IOException ignored) {
                // try the next one
            }
        }
        return fallback;
    }

    private static String readFirstLine(Path p, String fallback) {
        try {
            return Files.readString(p).trim();
        } catch (IOException e) {
            return fallback;
        }
    }
}

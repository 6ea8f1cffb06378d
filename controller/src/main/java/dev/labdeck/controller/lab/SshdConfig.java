package dev.labdeck.controller.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An OpenSSH server's configuration, rendered from LabDeck's one {@code sshd_config} (a resource
 * beside this class), which the lab-in-a-box's hosts and the tests' servers share: key login
 * only, TCP forwarding and SFTP on, everything else off.
 *
 * @param comment        the first line's description, e.g. "sshd of lab-in-a-box host src (lab ll)"
 * @param address        the one address it listens on
 * @param port           its port there
 * @param hostKeys       private host key files, each offered to clients
 * @param pidFile        where sshd writes its pid
 * @param authorizedKeys the one authorized_keys file it reads, whoever logs in
 * @param logLevel       {@code INFO}, {@code ERROR}, ... as sshd_config(5) names them
 */
public record SshdConfig(String comment, String address, int port, List<Path> hostKeys, Path pidFile,
                         Path authorizedKeys, String logLevel) {

    static final String TEMPLATE = "sshd_config";

    public SshdConfig {
        hostKeys = List.copyOf(hostKeys);
    }

    /** The configuration file's text. */
    public String render() {
        String listen = address.contains(":") ? "[" + address + "]:" + port : address + ":" + port;
        return template()
                .replace("{{comment}}", comment)
                .replace("{{listen}}", listen)
                .replace("{{host_keys}}", hostKeys.stream().map(k -> "HostKey " + k).collect(Collectors.joining("\n")))
                .replace("{{pid_file}}", pidFile.toString())
                .replace("{{authorized_keys}}", authorizedKeys.toString())
                .replace("{{log_level}}", logLevel);
    }

    private static String template() {
        try (InputStream in = SshdConfig.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException(TEMPLATE + " is missing beside " + SshdConfig.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.labdeck.controller.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of broken profile gives its problem at the exact line and column, and all problems at once. */
class ProfileProblemsTest {

    /** "LINE:COL: message" for every problem of {@code yaml}. */
    static List<String> problems(String yaml) {
        try {
            ProfileLoader.parse(yaml, "t.yaml");
        } catch (ProfileException e) {
            e.problems().forEach(p -> assertEquals("t.yaml", p.file()));
            return e.problems().stream().map(p -> p.line() + ":" + p.column() + ": " + p.message()).toList();
        }
        return fail("expected problems in:\n" + yaml);
    }

    static final String LOCAL_HOST = """
            name: t
            hosts:
              a:
                transport: local
            """;

    @Test
    void unknownKeySuggestsTheKnownOne() {
        assertEquals(List.of("5:5: unknown key 'adress' in host 'a' (did you mean 'address'?)"), problems("""
                name: t
                hosts:
                  a:
                    transport: local
                    adress: 10.0.0.1
                """));
        assertEquals(List.of("6:3: unknown key 'rate' in traffic (did you mean 'rate_pps'?)"), problems(LOCAL_HOST + """
                traffic:
                  rate: 100
                """));
    }

    @Test
    void wordsFromTheSeedFormPointToLabDecksWords() {
        assertEquals(List.of("4:5: unknown key 'ip' in host 'b' (did you mean 'address'?)",
                "6:3: unknown key 'packet_rate' in traffic (did you mean 'rate_pps'?)"), problems("""
                name: t
                hosts:
                  b:
                    ip: 10.0.0.2
                traffic:
                  packet_rate: 10000
                """));
    }

    @Test
    void unknownKeyWithoutALikelyTypoListsTheKeys() {
        assertEquals(List.of("3:3: unknown key 'colour' in agent; expected one of: port, bind, heartbeat_timeout,"
                + " accept_new_host_keys"), problems("""
                name: t
                agent:
                  colour: red
                hosts: {a: {transport: local}}
                """));
    }

    @Test
    void misspeltRequiredKeyIsReportedOnceAtTheTypo() {
        assertEquals(List.of("2:1: unknown key 'hosst' in the profile (did you mean 'hosts'?)"), problems("""
                name: t
                hosst:
                  a: {transport: local}
                """));
    }

    @Test
    void wrongTypeSaysWhatWasExpected() {
        assertEquals(List.of("6:13: expected a whole number for rate_pps (10000, 10k, 1.5M, 1G), got the text \"fast\""),
                problems(LOCAL_HOST + """
                        traffic:
                          rate_pps: fast
                        """));
        assertEquals(List.of("2:8: expected a mapping for hosts (host name → host), got a list"), problems("""
                name: t
                hosts: [a, b]
                """));
        assertEquals(List.of("6:10: expected a whole number for flows, got the text \"4\" (remove the quotes)"),
                problems(LOCAL_HOST + """
                        traffic:
                          flows: "4"
                        """));
        assertEquals(List.of("6:25: expected true or false for accept_new_host_keys, got the text \"maybe\""),
                problems(LOCAL_HOST + """
                        agent:
                          accept_new_host_keys: maybe
                        """));
    }

    @Test
    void zeroOrNegativeRateAndDurationsAreRefused() {
        assertEquals(List.of(
                "6:13: traffic.rate_pps must be above zero packets per second, got 0",
                "7:13: traffic.duration must be above zero, got -5 s",
                "8:11: traffic.warmup must not be negative, got -500 ms"), problems(LOCAL_HOST + """
                traffic:
                  rate_pps: 0
                  duration: -5s
                  warmup: -500ms
                """));
        assertEquals(List.of("6:20: monitoring.sample_interval must be above zero, got 0 s"), problems(LOCAL_HOST + """
                monitoring:
                  sample_interval: 0
                """));
        assertEquals(List.of("6:13: expected a duration for traffic duration such as 10s, 500ms, 2m or a number of"
                + " seconds, got the text \"ten seconds\""), problems(LOCAL_HOST + """
                traffic:
                  duration: ten seconds
                """));
    }

    @Test
    void limitsTheAgentEnforcesAreRefusedBeforeTheRun() {
        assertEquals(List.of("6:13: traffic.rate_pps must be at most " + dev.labdeck.protocol.AgentLimits.MAX_PPS
                + " packets per second (the most one agent's traffic source sends), got 100000000000",
                "7:16: traffic.packet_size must be 24 to " + dev.labdeck.protocol.AgentLimits.MAX_PAYLOAD_BYTES
                        + " bytes (the UDP payload, which starts with LabDeck's 24-byte header), got 70000"),
                problems(LOCAL_HOST + """
                traffic:
                  rate_pps: 100000000000
                  packet_size: 70000
                """));
        assertEquals(List.of("6:16: service name 'a b' must be 1-64 letters, digits, '.', '_' or '-', starting with a"
                + " letter or digit (it names the service's log file on the host)"), problems(LOCAL_HOST + """
                    services:
                      - {name: a b, command: [/bin/true]}
                """));
    }

    @Test
    void stopSignalsAreAClosedSetThatIncludesUsr1AndUsr2() throws ProfileException {
        Profile p = ProfileLoader.parse(LOCAL_HOST + """
                    services:
                      - {name: a, command: [/bin/true], stop_signal: USR1}
                      - {name: b, command: [/bin/true], stop_signal: sigusr2}
                """, "t.yaml");
        assertEquals(List.of(StopSignal.USR1, StopSignal.USR2),
                p.hosts().getFirst().services().stream().map(ServiceSpec::signal).toList());
        assertEquals(List.of("6:54: unknown stop signal 'USR3' (did you mean 'USR1'?)"), problems(LOCAL_HOST + """
                    services:
                      - {name: a, command: [/bin/true], stop_signal: USR3}
                """));
    }

    @Test
    void portsOutOfRange() {
        assertEquals(List.of("7:18: port in traffic.ports 70000 is out of range 1-65535"), problems(LOCAL_HOST + """
                traffic:
                  flows: 2
                  ports: [12345, 70000]
                """));
        assertEquals(List.of("6:9: agent.port 0 is out of range 1-65535"), problems(LOCAL_HOST + """
                agent:
                  port: 0
                """));
        assertEquals(List.of("5:11: SSH port of host 'b' 65536 is out of range 1-65535"), problems("""
                name: t
                hosts:
                  b:
                    address: 10.0.0.2
                    port: 65536
                """));
    }

    @Test
    void flowsMustMatchTheNumberOfPortsWhenBothAreGiven() {
        assertEquals(List.of("7:10: 4 flows but 3 ports in traffic.ports: give one destination port per flow, or"
                + " leave 'ports' out to use 12345 onwards"), problems(LOCAL_HOST + """
                traffic:
                  flows: 4
                  ports: [12345, 12346, 12347]
                """));
    }

    @Test
    void linkXdpAndTrafficMustNameKnownHosts() {
        assertEquals(List.of(
                "9:8: ethernet link 'wire' names unknown host 'dts' (did you mean 'dst'?); hosts are: src, dst",
                "12:11: xdp attachment 1 names unknown host 'dest' (did you mean 'dst'?); hosts are: src, dst",
                "15:9: traffic sink names unknown host 'sink'; hosts are: src, dst"), problems("""
                name: t
                hosts:
                  src: {transport: local}
                  dst: {transport: local}
                links:
                  - name: wire
                    kind: ethernet
                    a: src:veth0/10.0.0.1/24
                    b: dts:veth1
                xdp:
                  - interface: veth1
                    host: dest
                traffic:
                  source: src
                  sink: sink
                """));
    }

    @Test
    void malformedLinkEndpoint() {
        assertEquals(List.of("8:8: ethernet link 'wire': 'b' must be HOST:INTERFACE or HOST:INTERFACE/ADDRESS, got"
                + " \"dst\""), problems("""
                name: t
                hosts:
                  src: {transport: local}
                  dst: {transport: local}
                links:
                  - name: wire
                    a: src:veth0
                    b: dst
                """));
    }

    @Test
    void aPrivateKeyPastedIntoTheProfileIsRefused() {
        assertEquals(List.of("5:10: host 'b': 'key' is the path of a private key file; never put the key itself in a"
                + " profile (or leave 'key' out to use the ssh agent)"), problems("""
                name: t
                hosts:
                  b:
                    address: 10.0.0.2
                    key: |
                      -----BEGIN OPENSSH PRIVATE KEY-----
                      b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
                      -----END OPENSSH PRIVATE KEY-----
                """));
    }

    @Test
    void duplicateHostAndServiceNames() {
        assertEquals(List.of("5:3: duplicate host name 'a' in hosts (host name → host) (first at line 3)"), problems("""
                name: t
                hosts:
                  a:
                    transport: local
                  a:
                    address: 10.0.0.9
                """));
        assertEquals(List.of("10:16: duplicate service name 'lb' (also on host 'a'); service names are unique across"
                + " hosts because 'after' names them"), problems("""
                name: t
                hosts:
                  a:
                    transport: local
                    services:
                      - {name: lb, command: [/bin/true]}
                  b:
                    transport: local
                    services:
                      - {name: lb, command: [/bin/true]}
                """));
    }

    static final String SERVICES = """
            name: t
            hosts:
              a:
                transport: local
                services:
                  - name: lb_s
                    command: [lb, lb_s.json]
                    after: [server]
                  - name: lb_c
                    command: [lb, lb_c.json]
                    after: lb_s
              b:
                transport: local
                services:
                  - name: server
                    command: [perf_tool, server, s.json]
                    after: [lb_c]
                  - name: client
                    command: [perf_tool, client, c.json]
                    after: [srever]
            """;

    @Test
    void unknownServiceInAfterAndDependencyCyclesAreNamed() {
        assertEquals(List.of(
                "8:17: services depend on each other in a cycle: lb_s → server → lb_c → lb_s (each starts after the"
                        + " next); none of them could start",
                "20:17: service 'client' starts after unknown service 'srever' (did you mean 'server'?)"),
                problems(SERVICES));
    }

    @Test
    void aServiceAfterItselfIsACycle() {
        assertEquals(List.of("7:17: services depend on each other in a cycle: x → x (each starts after the next);"
                + " none of them could start"), problems("""
                name: t
                hosts:
                  a:
                    transport: local
                    services:
                      - name: x
                        after: [x]
                        command: [/bin/true]
                """));
    }

    @Test
    void unknownReadinessKindAndBadRegex() {
        assertEquals(List.of(
                "8:27: unknown readiness kind 'tcp' (did you mean 'tcp_port'?)",
                "11:46: readiness pattern of service 'y' on host 'a' is not a valid regular expression: Unclosed"
                        + " group near index 6"), problems("""
                name: t
                hosts:
                  a:
                    transport: local
                    services:
                      - name: x
                        command: [/bin/true]
                        readiness: {kind: tcp, port: 80}
                      - name: y
                        command: [/bin/true]
                        readiness: {kind: log_line, pattern: "(ready"}
                """));
    }

    @Test
    void aDpdkSecondaryNeedsAKnownHugepagePrimaryOnItsHostWithoutACycle() {
        assertEquals(List.of(
                "8:47: service 'p1' on host 'a' is a DPDK secondary of unknown service 'lb_d' (did you mean 'lb_n'?)",
                "9:73: services depend on each other in a cycle: lb_c → p5 → lb_c (each starts after the next);"
                        + " none of them could start",
                "12:47: service 'p2' on host 'a' is a DPDK secondary of 'lb_x' on host 'b': a secondary shares its"
                        + " primary's memory, so both run on one host",
                "15:47: service 'p3' on host 'a': its primary 'lb_n' runs with --no-huge, so a secondary cannot attach"
                        + " to its memory; run it on hugepages (labdeck lab up --hugepages N)",
                "17:49: service 'p4' on host 'a' is a DPDK secondary: name its primary, e.g. {proc_type: secondary,"
                        + " primary: lb_c}"), problems("""
                name: t
                hosts:
                  a:
                    transport: local
                    services:
                      - name: p1
                        command: [dpdk-pdump]
                        dpdk: {proc_type: secondary, primary: lb_d}
                      - {name: lb_c, command: [dpdk-testpmd, --file-prefix, c], after: [p5]}
                      - name: p2
                        command: [dpdk-pdump]
                        dpdk: {proc_type: secondary, primary: lb_x}
                      - name: p3
                        command: [dpdk-pdump]
                        dpdk: {proc_type: secondary, primary: lb_n}
                      - {name: lb_n, command: [dpdk-testpmd, --no-huge, --file-prefix, n]}
                      - {name: p4, command: [dpdk-pdump], dpdk: {proc_type: secondary}}
                      - {name: p5, command: [dpdk-pdump], dpdk: {proc_type: secondary, primary: lb_c}}
                  b:
                    transport: local
                    services:
                      - {name: lb_x, command: [dpdk-testpmd, --file-prefix, x]}
                """));
    }

    @Test
    void aStopInputNeedsOneLineAndAGoodRegexEachAtItsLine() {
        assertEquals(List.of(
                "8:47: quiesced of service 'lb' on host 'a' is not a valid regular expression: Unclosed group near index 5",
                "11:32: service 'lb2' on host 'a' waits for its quiesce line's output but has no quiesce line",
                "14:21: stop_input of service 'lb3' on host 'a' has neither quiesce nor quit",
                "18:11: unknown key 'quitt' in stop_input of service 'lb4' (did you mean 'quit'?)"), problems("""
                name: t
                hosts:
                  a:
                    transport: local
                    services:
                      - name: lb
                        command: [/bin/true]
                        stop_input: {quiesce: stop, quiesced: "(Done", quit: quit}
                      - name: lb2
                        command: [/bin/true]
                        stop_input: {quiesced: "Done", quit: quit}
                      - name: lb3
                        command: [/bin/true]
                        stop_input: {}
                      - name: lb4
                        command: [/bin/true]
                        stop_input:
                          quitt: quit
                """));
    }

    @Test
    void aServiceFigureNeedsAGoodRegexOrJsonPointerEachAtItsLine() {
        assertEquals(List.of(
                "9:32: regex of figure 'rps' of service 'client' on host 'a' is not a valid regular expression:"
                        + " Unclosed group near index 14",
                "11:20: regex of figure 'total' of service 'client' on host 'a' has no group: put the figure in ( ),"
                        + " e.g. '([0-9.]+) requests/s'",
                "13:27: json_pointer of figure 'p99' of service 'client' on host 'a' is not a JSON pointer (RFC 6901:"
                        + " '/' then the keys, e.g. /end/sum_received/bits_per_second): Invalid input: JSON Pointer"
                        + " expression must start with '/': \"latency.p99\"",
                "14:13: figure 'both' of service 'client' on host 'a' has both regex and json_pointer; give one",
                "15:13: figure 'none' of service 'client' on host 'a' says neither how to read it: give regex (its"
                        + " first group is the figure) or json_pointer",
                "17:20: duplicate figure name 'rps' of service 'client' on host 'a'"), problems("""
                name: t
                hosts:
                  a:
                    transport: local
                    services:
                      - name: client
                        command: [perf_tool, client, c.json]
                        figures:
                          - {name: rps, regex: "([0-9.]+ req/s"}
                          - name: total
                            regex: "[0-9]+ requests"
                          - name: p99
                            json_pointer: latency.p99
                          - {name: both, regex: "(x)", json_pointer: /x}
                          - name: none
                            file: c.json
                          - {name: rps, file: c.json, json_pointer: /rps}
                """));
    }

    @Test
    void readinessFieldsDependOnTheKind() {
        assertEquals(List.of("8:20: readiness of service 'x' is missing 'port'",
                "8:37: unknown key 'path' in readiness of service 'x' (tcp_port); expected one of: kind, port"),
                problems("""
                name: t
                hosts:
                  a:
                    transport: local
                    services:
                      - name: x
                        command: [/bin/true]
                        readiness: {kind: tcp_port, path: /tmp/s}
                """));
    }

    @Test
    void serviceCommandIsAnArgumentList() {
        assertEquals(List.of("7:18: service 'x': 'command' is an argument list (no shell), e.g. [\"/usr/bin/lb\","
                + " \"lb_s.json\"]"), problems("""
                name: t
                hosts:
                  a:
                    transport: local
                    services:
                      - name: x
                        command: /usr/bin/lb lb_s.json
                """));
        assertEquals(List.of("6:9: service 'x' on host 'a' has no command (an argument list, e.g. [\"/usr/bin/lb\","
                + " \"lb_s.json\"])"), problems("""
                name: t
                hosts:
                  a:
                    transport: local
                    services:
                      - name: x
                """));
    }

    @Test
    void badThresholdExpression() {
        assertEquals(List.of(
                "7:5: bad threshold \"traffic.loss_percent below 0.1\": expected METRIC OP NUMBER with OP one of <,"
                        + " <=, >, >=, ==, e.g. \"traffic.loss_percent <= 0.1\"",
                "8:32: bad threshold operator '=<': expected <, <=, >, >= or =="), problems(LOCAL_HOST + """
                thresholds:
                  - traffic.rx_pps >= 9000
                  - traffic.loss_percent below 0.1
                  - {metric: traffic.loss, op: "=<", value: 1}
                """));
    }

    @Test
    void memifLinkNamesServices() {
        assertEquals(List.of("12:12: memif link 'm0': slave 'lb-c' is not a service of the profile (did you mean"
                + " 'lb_c'?)"), problems("""
                name: t
                hosts:
                  m:
                    transport: local
                    services:
                      - {name: lb_s, command: [lb, lb_s.json]}
                      - {name: lb_c, command: [lb, lb_c.json], after: [lb_s]}
                links:
                  - name: m0
                    kind: memif
                    host: m
                    slave: lb-c
                    master: lb_s
                """));
    }

    @Test
    void emptyAndCommentOnlyProfiles() {
        assertEquals(List.of("1:1: the profile is empty: expected a YAML mapping of profile keys"), problems(""));
        assertEquals(List.of("1:1: the profile is empty: expected a YAML mapping of profile keys"),
                problems("# just a comment\n\n"));
        assertEquals(List.of("1:1: expected a mapping of profile keys at the top level (name, hosts, traffic, ... or the"
                + " seed's test_config, network_config, ...), got the text \"hello\""), problems("hello\n"));
        assertEquals(List.of("1:1: the profile has no hosts: add a 'hosts' mapping (host name → address, transport,"
                + " roles)"), problems("name: nothing\n"));
    }

    @Test
    void malformedYamlGivesSnakeYamlsMark() {
        assertEquals(List.of("3:41: malformed YAML: expected ',' or ']', but got } (while parsing a flow sequence)"),
                problems("""
                        name: t
                        hosts:
                          a: {transport: local, roles: [src, dst}
                        """));
        assertEquals(List.of("5:4: malformed YAML: expected <block end>, but found '<block mapping start>' (while"
                + " parsing a block mapping); check the indentation of this line and the one before"), problems("""
                name: t
                hosts:
                  a:
                    transport: local
                   roles: [src]
                """));
        assertEquals(List.of("3:1: malformed YAML: found character '\\t(TAB)' that cannot start any token. (Do not use"
                + " \\t(TAB) for indentation) (while scanning for the next token)"), problems("name: t\nhosts:\n\ta: {}\n"));
        assertEquals(List.of("2:1: malformed YAML: a profile is one YAML document, but another one starts here"),
                problems("name: t\n---\nname: u\n"));
        assertEquals(List.of("1:7: malformed YAML: a quoted text that starts here is not closed"),
                problems("name: \"t\nhosts: {}\n"));
        assertEquals(List.of("2:12: malformed YAML: found undefined alias nope"), problems("name: t\nhosts: {a: *nope}\n"));
    }

    @Test
    void billionLaughsIsRefusedAtTheAliasThatGoesTooFar() {
        StringBuilder y = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i < 10; i++) {
            y.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                y.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            y.append("]\n");
        }
        // aliases 1-9 on line 2, 10-18 on line 3, ... the 51st is the 6th on line 7: column 10 + 6 * 5 - 5
        assertEquals(List.of("7:35: more than 50 aliases to lists or mappings: refused as a possible alias bomb"),
                problems(y.toString()));
    }

    @Test
    void fewAliasesThatNestDeepAreRefusedToo() {
        StringBuilder y = new StringBuilder("l0: &l0 [x, y]\n");
        for (int i = 1; i <= 20; i++) {
            y.append("l").append(i).append(": &l").append(i).append(" [*l").append(i - 1).append(", *l")
                    .append(i - 1).append("]\n");
        }
        List<String> p = problems(y.toString());
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.getFirst().matches("\\d+:\\d+: aliases here expand to more than 100000 values: refused as a"
                + " possible alias bomb"), p.getFirst());
    }

    @Test
    void hugeAndDeeplyNestedDocumentsAreRefused() {
        assertEquals(List.of("1:1: the profile is too large: more than 1000000 characters"),
                problems(LOCAL_HOST + "description: " + "x".repeat(1_100_000) + "\n"));
        // the top-level mapping is level 1, so the 64th bracket (column 6 + 64) is level 65
        assertEquals(List.of("5:70: lists and mappings are nested more than 64 levels deep here: refused"),
                problems(LOCAL_HOST + "deep: " + "[".repeat(100) + "]".repeat(100) + "\n"));
    }

    @Test
    void aListThatContainsItselfIsRefused() {
        assertEquals(List.of("2:8: a list or mapping contains itself through an alias ('*x'): refused"), problems("""
                name: t
                hosts: &x [*x]
                """));
    }

    @Test
    void languageTagsAreRefused() {
        assertEquals(List.of("3:13: tag '!!python/object/apply:os.system' is not allowed in a profile: profiles hold"
                + " only text, numbers, booleans, lists and mappings"), problems("""
                name: t
                hosts:
                  a: {java: !!python/object/apply:os.system ["rm -rf /"]}
                """));
        assertEquals(List.of("1:7: tag '!secret' is not allowed in a profile: profiles hold only text, numbers,"
                + " booleans, lists and mappings"), problems("name: !secret t\nhosts: {a: {transport: local}}\n"));
    }

    @Test
    void mixingTheTwoFormsIsExplained() {
        assertEquals(List.of("5:1: 'test_config' belongs to the seed's config.yaml form, but this profile uses"
                + " LabDeck's form (it has name, hosts); a profile uses one form"), problems(LOCAL_HOST + """
                test_config:
                  duration: 5
                """));
    }

    @Test
    void everyProblemIsReportedNotOnlyTheFirst() {
        List<String> p = problems("""
                name: t
                hosts:
                  a:
                    transport: lokal
                traffic:
                  rate_pps: -1
                  packet_size: 10
                  destination: 127.0.0.1
                monitoring:
                  metrics: [cpu, disk]
                """);
        assertEquals(List.of(
                "4:16: unknown transport 'lokal' (did you mean 'local'?)",
                "6:13: traffic.rate_pps must be above zero packets per second, got -1",
                "7:16: traffic.packet_size must be 24 to 65507 bytes (the UDP payload, which starts with LabDeck's"
                        + " 24-byte header), got 10",
                "10:18: unknown metric 'disk'; expected one of: cpu, memory, network, xdp, dpdk"), p);
    }

    @Test
    void unreadableFiles(@TempDir Path dir) throws IOException {
        assertLoadFails(dir.resolve("missing.yaml"), "1:1: cannot read the profile: no such file");
        assertLoadFails(dir, "1:1: cannot read the profile: it is a directory");
        Path binary = Files.write(dir.resolve("image.yaml"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff});
        assertLoadFails(binary, "1:1: cannot read the profile: it is not UTF-8 text (is it the right file?)");
        Path empty = Files.writeString(dir.resolve("empty.yaml"), "");
        assertLoadFails(empty, "1:1: the profile is empty: expected a YAML mapping of profile keys");
    }

    static void assertLoadFails(Path file, String expected) {
        try {
            ProfileLoader.load(file);
            fail("expected a problem with " + file);
        } catch (ProfileException e) {
            assertEquals(List.of(file + ":" + expected), e.problems().stream().map(Object::toString).toList());
        }
    }
}

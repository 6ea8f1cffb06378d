package dev.labdeck.controller.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values a run could not carry out are problems at their line and column, before any host is
 * touched: durations an agent would see as 0 ms or that overflow, and XDP objects that are not
 * there, not BPF, or larger than an agent takes.
 */
class ProfileLimitsTest {
    @TempDir
    Path dir;

    private static final String TRAFFIC = ProfileProblemsTest.LOCAL_HOST + """
            traffic:
              source: a
              sink: a
              destination: 127.0.0.1
              duration: %s
            """;

    @Test
    void aDurationBelowOneMillisecondIsAProblemNotZero() {
        assertEquals(List.of("9:13: traffic.duration must be at least 1 ms, got 0.0001s"),
                ProfileProblemsTest.problems(TRAFFIC.formatted("0.1ms")));
    }

    @Test
    void aDurationTooLongToHoldIsAProblemNotACrash() {
        assertEquals(List.of("9:13: traffic duration 3000000000000h is too long to hold; give a duration of at most a few years"),
                ProfileProblemsTest.problems(TRAFFIC.formatted("3000000000000h")));
    }

    private List<String> xdpProblems(String object) throws IOException {
        Path profile = dir.resolve("p.yaml");
        Files.writeString(profile, ProfileProblemsTest.LOCAL_HOST + """
                xdp:
                  - host: a
                    interface: lo
                    object: %s
                """.formatted(object));
        try {
            ProfileLoader.load(profile);
            return List.of();
        } catch (ProfileException e) {
            return e.problems().stream().map(p -> p.line() + ":" + p.column() + ": " + p.message()).toList();
        }
    }

    @Test
    void aMissingXdpObjectIsNamedWithThePathItWasLookedFor() throws IOException {
        assertEquals(List.of("8:13: the XDP object of xdp attachment 1 is not a readable file: " + dir.resolve("missing.o")
                + " (a path on this machine, relative to the profile, or builtin:count)"), xdpProblems("missing.o"));
    }

    @Test
    void anXdpObjectThatIsNotElfOrNotBpfIsRefused() throws IOException {
        Files.write(dir.resolve("zeros.o"), new byte[4096]);
        List<String> zeros = xdpProblems("zeros.o");
        assertEquals(1, zeros.size(), zeros.toString());
        assertTrue(zeros.get(0).startsWith("8:13: the XDP object of xdp attachment 1 is not an ELF object file"), zeros.toString());

        List<String> x86 = xdpProblems(Path.of("/bin/true").toRealPath().toString());
        assertEquals(1, x86.size(), x86.toString());
        assertTrue(x86.get(0).contains("is an ELF file for another machine"), x86.toString());
    }

    @Test
    void anXdpObjectLargerThanAnAgentTakesIsRefused() throws IOException {
        Path big = dir.resolve("big.o");
        try (var out = Files.newOutputStream(big)) {
            out.write(bpfElfHeader());
            out.write(new byte[33 << 20]);
        }
        assertEquals(List.of("8:13: the XDP object of xdp attachment 1 is 33 MiB; an agent takes at most 32 MiB: " + big),
                xdpProblems("big.o"));
    }

    @Test
    void aBpfObjectBesideTheProfileIsAccepted() throws IOException {
        Files.write(dir.resolve("prog.o"), bpfElfHeader());
        assertEquals(List.of(), xdpProblems("prog.o"));
    }

    /** The first bytes of a little-endian 64-bit ELF relocatable for BPF (e_machine 247), as clang writes. */
    private static byte[] bpfElfHeader() {
        byte[] h = new byte[64];
        h[0] = 0x7f;
        h[1] = 'E';
        h[2] = 'L';
        h[3] = 'F';
        h[4] = 2; // 64-bit
        h[5] = 1; // little endian
        h[6] = 1; // version
        h[16] = 1; // ET_REL
        h[18] = (byte) 247; // EM_BPF
        return h;
    }
}

package dev.labdeck.controller.bench;

import dev.labdeck.controller.lab.LabDataLink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * netsniff-ng's trafgen, one process ({@code -P 1}), AF_PACKET TX_RING with the qdisc bypassed
 * (its default), sending the same UDP frame as LabDeck's engines: the reference of the benchmark.
 */
record TrafgenSender(LabDataLink.End src, LabDataLink.End dst, int payloadBytes) implements Sender {
    private static final Pattern OUTGOING = Pattern.compile("(\\d+) packets outgoing");

    @Override
    public String name() {
        return "trafgen";
    }

    /** The frame in trafgen's configuration language: Ethernet, IPv4 and UDP headers with their checksums, zero payload. */
    String configuration() {
        return "{\n"
                + "  eth(da=" + dst.mac() + ", sa=" + src.mac() + ", type=0x0800),\n"
                + "  ipv4(saddr=" + src.address() + ", daddr=" + dst.address() + ", ttl=64, proto=17),\n"
                + "  udp(sp=" + LabDeckSender.SRC_PORT + ", dp=" + LabDeckSender.DST_PORT + "),\n"
                + "  fill(0x00, " + payloadBytes + ")\n"
                + "}\n";
    }

    @Override
    public Sending start(Duration atLeast) throws BenchException {
        Path dir;
        Process p;
        try {
            dir = Files.createTempDirectory("labdeck-bench-trafgen-");
            Path conf = Files.writeString(dir.resolve("frame.cfg"), configuration());
            p = BenchLab.inNamespace(src.namespace(), List.of("trafgen", "-o", src.interfaceName(), "-i", conf.toString(),
                            "-P", "1"))
                    .redirectOutput(dir.resolve("trafgen.out").toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new BenchException("trafgen: cannot start (is netsniff-ng installed?): " + e.getMessage(), e);
        }
        return new ProcessSending(name(), p, dir, dir.resolve("trafgen.out"), OUTGOING);
    }

    /** A sender that is one process tree, stopped with SIGTERM; its claim read from its output. */
    static final class ProcessSending implements Sending {
        private final String name;
        private final Process process;
        private final Path dir;
        private final Path output;
        private final Pattern claim;

        ProcessSending(String name, Process process, Path dir, Path output, Pattern claim) {
            this.name = name;
            this.process = process;
            this.dir = dir;
            this.output = output;
            this.claim = claim;
        }

        @Override
        public Duration cpu() {
            return BenchCpu.of(process.toHandle());
        }

        @Override
        public long stop() throws BenchException {
            String out;
            try {
                if (!process.isAlive()) {
                    throw new BenchException(name + " ended early (exit " + process.exitValue() + "): " + Files.readString(output).strip());
                }
                List<ProcessHandle> children = process.descendants().toList();
                process.destroy();
                children.forEach(ProcessHandle::destroy);
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    throw new BenchException(name + " did not end within 10 s of SIGTERM");
                }
                out = Files.readString(output);
            } catch (IOException e) {
                throw new BenchException(name + ": cannot read its output: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BenchException("interrupted while stopping " + name, e);
            }
            if (claim == null) return -1;
            Matcher m = claim.matcher(out);
            long claimed = -1;
            while (m.find()) claimed = Long.parseLong(m.group(1));
            return claimed;
        }

        @Override
        public void close() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            BenchFiles.deleteTree(dir);
        }
    }
}

package dev.labdeck.testkit;

import java.io.IOException;
import java.nio.file.Path;

/** Compiles a BPF C file the way the bpf module's build does (gate with requireCommand("clang", "clang")). */
public final class BpfClang {
    private BpfClang() {}

    /** Compiles {@code source} into {@code outDir}/<name>.o and returns that path. */
    public static Path compile(Path source, Path outDir) throws IOException {
        Prerequisites.requireCommand("clang", "clang");
        String name = source.getFileName().toString().replaceFirst("\\.c$", ".o");
        Path out = outDir.resolve(name);
        String arch = VethPair.run("uname", "-m").strip();
        VethPair.run("clang", "-O2", "-g", "-target", "bpf", "-I/usr/include/" + arch + "-linux-gnu",
                "-c", source.toString(), "-o", out.toString());
        return out;
    }
}

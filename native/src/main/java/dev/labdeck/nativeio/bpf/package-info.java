/**
 * libbpf ({@code libbpf.so.1}) through FFM: open and load BPF object files, find programs and
 * maps, attach XDP programs to interfaces, read and write maps (per-CPU values summed over CPUs).
 *
 * <p>Loaded lazily on first use; {@link dev.labdeck.nativeio.bpf.BpfSupport#unavailableReason()}
 * says why it cannot be used (not Linux, libbpf missing). Every failing C call raises a
 * {@link dev.labdeck.nativeio.bpf.BpfException} naming the function and {@code strerror(errno)}.
 */
package dev.labdeck.nativeio.bpf;

/**
 * Hand-written FFM bindings to the host: libc calls (unix seqpacket sockets, CPU affinity,
 * signals) and, in subpackages, DPDK telemetry. Everything loads lazily; off Linux a call throws
 * {@link dev.labdeck.nativeio.NativeUnavailableException} saying why.
 */
package dev.labdeck.nativeio;

/**
 * DPDK's telemetry, read without linking DPDK: every DPDK process serves JSON over an AF_UNIX
 * SOCK_SEQPACKET socket in its runtime directory ({@code /var/run/dpdk/<file-prefix>/dpdk_telemetry.v2}).
 */
package dev.labdeck.nativeio.dpdk;

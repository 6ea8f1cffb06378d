/**
 * AF_PACKET sockets through FFM: {@link dev.labdeck.nativeio.packet.PacketTxRing}, a transmit ring
 * ({@code PACKET_TX_RING}, {@code TPACKET_V2}) that hands whole Ethernet frames to the driver past
 * the queueing discipline ({@code PACKET_QDISC_BYPASS}), trafgen's method.
 *
 * <p>Linux only; needs {@code CAP_NET_RAW}. Every failing C call raises a
 * {@link dev.labdeck.nativeio.NativeCallException} naming the function and {@code strerror(errno)}.
 */
package dev.labdeck.nativeio.packet;

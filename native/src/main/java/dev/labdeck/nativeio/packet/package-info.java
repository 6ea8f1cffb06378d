/**
 * Sending packets in batches through FFM: {@link dev.labdeck.nativeio.packet.PacketTxRing}, an AF_PACKET transmit ring
 * ({@code PACKET_TX_RING}, {@code TPACKET_V2}) that hands whole Ethernet frames to the driver past
 * the queueing discipline ({@code PACKET_QDISC_BYPASS}), trafgen's method; and
 * {@link dev.labdeck.nativeio.packet.UdpBatchSender}, a connected UDP socket sending many datagrams
 * per {@code sendmmsg} call.
 *
 * <p>Linux only; the ring needs {@code CAP_NET_RAW}. Every failing C call raises a
 * {@link dev.labdeck.nativeio.NativeCallException} naming the function and {@code strerror(errno)}.
 */
package dev.labdeck.nativeio.packet;

package dev.labdeck.protocol;

/**
 * LabDeck's IMIX: 7:4:1 of 64, 570 and 1518-byte Ethernet frames (with the 4-byte FCS), sent in
 * this order in every 12 packets of a flow. Over IPv4/UDP those carry 18, 524 and 1472 bytes of
 * payload; LabDeck's header needs {@value PayloadFormat#HEADER_BYTES}, so the small frames carry
 * {@value PayloadFormat#HEADER_BYTES} (70-byte frames) instead of 18.
 */
public final class Imix {
    /** Ethernet (14) + IPv4 (20) + UDP (8) + FCS (4): frame size minus UDP payload. */
    public static final int FRAME_OVERHEAD = 46;
    /** The frames of one cycle, in bytes with FCS. */
    public static final int[] FRAMES = {64, 64, 64, 64, 64, 64, 64, 570, 570, 570, 570, 1518};

    private Imix() {}

    /** The UDP payload of the {@code k}-th packet (from 0) of an IMIX flow. */
    public static int payloadBytes(long k) {
        return Math.max(PayloadFormat.HEADER_BYTES, FRAMES[(int) (k % FRAMES.length)] - FRAME_OVERHEAD);
    }

    /** The UDP payload bytes of packets {@code first} … {@code first + count - 1} of an IMIX flow, summed. */
    public static long payloadBytes(long first, long count) {
        long cycle = 0;
        for (int k = 0; k < FRAMES.length; k++) cycle += payloadBytes(k);
        long sum = (count / FRAMES.length) * cycle;
        for (long k = first + (count / FRAMES.length) * FRAMES.length; k < first + count; k++) sum += payloadBytes(k);
        return sum;
    }

    /** The largest payload of the mix. */
    public static int maxPayloadBytes() {
        return 1518 - FRAME_OVERHEAD;
    }
}

package dev.labdeck.protocol;

/**
 * The test payload header, big-endian, at the start of every UDP payload:
 * magic (u32), flow id (u32), sequence number (u64, from 0 per flow), send time (u64, epoch ns).
 */
public final class PayloadFormat {
    public static final int MAGIC = 0x4C414244; // "LABD"
    public static final int HEADER_BYTES = 24;
    public static final int OFFSET_MAGIC = 0;
    public static final int OFFSET_FLOW = 4;
    public static final int OFFSET_SEQ = 8;
    public static final int OFFSET_TIME = 16;

    private PayloadFormat() {}
}

package dev.labdeck.protocol;

import java.util.List;

/** An uploaded XDP object; refer to it as {@code sha256:<hex>} or use {@code builtin:count}. */
public record XdpObjectInfo(String id, String sha256, long size, List<String> programs, List<String> maps) {}

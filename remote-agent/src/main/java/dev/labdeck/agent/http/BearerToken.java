package dev.labdeck.agent.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** The run's bearer token; compared in constant time so timing does not leak its prefix. */
public final class BearerToken {
    private static final String PREFIX = "Bearer ";
    private final byte[] expected;

    public BearerToken(String token) {
        if (token == null || token.isBlank()) throw new IllegalArgumentException("empty bearer token");
        this.expected = token.getBytes(StandardCharsets.UTF_8);
    }

    /** True when the Authorization header carries exactly this token. */
    public boolean accepts(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return false;
        }
        byte[] given = authorizationHeader.substring(PREFIX.length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, given);
    }
}

package dev.labdeck.protocol;

/** The body of every non-2xx answer. @param error a short code, e.g. bad_request, unauthorized */
public record ErrorResponse(String error, String message) {}

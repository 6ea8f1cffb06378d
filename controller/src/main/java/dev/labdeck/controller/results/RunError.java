package dev.labdeck.controller.results;

/** Why a run ended in error: the host (null when run-wide), the step, and the reason for people. */
public record RunError(String host, String step, String message) {}

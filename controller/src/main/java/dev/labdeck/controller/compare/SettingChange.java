package dev.labdeck.controller.compare;

/** A setting of the profile (or a host's kernel, agent) that differs; null where a run has none. */
public record SettingChange(String path, String a, String b) {}

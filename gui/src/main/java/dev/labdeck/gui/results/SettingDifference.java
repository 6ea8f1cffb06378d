package dev.labdeck.gui.results;

/** A setting of two compared runs' profiles (or hosts) that differs; a side without it is "". */
public record SettingDifference(String setting, String a, String b) {}

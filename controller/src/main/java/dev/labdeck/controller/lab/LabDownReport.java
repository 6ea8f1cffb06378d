package dev.labdeck.controller.lab;

import java.util.List;

/** What {@code lab down} removed, in words; empty when there was nothing of the lab left. */
public record LabDownReport(String name, List<String> removed) {
    public boolean nothingToRemove() {
        return removed.isEmpty();
    }
}

package dev.labdeck.controller.sweep;

import java.util.List;

/** summary.json's {@code sweep} section: what varied and every step's figures, in the order measured. */
public record SweepSummary(List<String> varies, List<StepFigures> steps) {}

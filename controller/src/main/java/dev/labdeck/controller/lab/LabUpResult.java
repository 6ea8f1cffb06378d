package dev.labdeck.controller.lab;

import java.util.List;

/**
 * @param alreadyUp true when the lab was already up and healthy, so nothing was changed
 * @param repaired  when a broken or half-removed lab was found and rebuilt: what was wrong with it
 */
public record LabUpResult(LabState state, boolean alreadyUp, List<String> repaired) {}

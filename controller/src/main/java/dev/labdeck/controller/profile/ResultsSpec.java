package dev.labdeck.controller.profile;

import java.util.List;

/** @param formats json, csv, html, junit; @param directory where run directories go (default runs/) */
public record ResultsSpec(List<String> formats, boolean realTime, String directory) {}

package dev.labdeck.controller.profile;

import java.util.List;

/**
 * What a run writes (the profile's {@code results} section).
 *
 * @param formats   json, csv, html, junit
 * @param directory where run directories go (default runs/)
 */
public record ResultsSpec(
        @Key(what = "result format", orElse = "[json, csv, html, junit]",
                doc = "the files a run writes besides summary.json") List<ResultFormat> formats,
        @Key(orElse = "true", doc = "stream samples and events while the run goes") boolean realTime,
        @Key(orElse = "runs", what = "results directory", doc = "where run directories go") String directory) {}

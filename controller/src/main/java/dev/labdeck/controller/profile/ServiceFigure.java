package dev.labdeck.controller.profile;

/**
 * A figure read from what a service wrote (an item of a service's {@code figures}): a regular
 * expression over its output or a file, or a JSON pointer into a JSON file, after MEASURE. It
 * lands in summary.json as {@code services.<service>.figures.<name>}, where thresholds can use it.
 *
 * @param file        null: the service's output (stdout and stderr)
 * @param regex       the figure is its first group in the last match
 * @param jsonPointer RFC 6901, e.g. {@code /end/sum_received/bits_per_second}
 */
public record ServiceFigure(
        @Key(required = true, what = "figure name", doc = "its name in summary.json: services.<service>.figures.<name>")
        String name,
        @Key(doc = "a file the service writes, relative to its workdir; its output (stdout and stderr) when left out")
        String file,
        @Key(doc = "a regular expression; the figure is its first group in the last match, e.g. '([0-9.]+) requests/s'")
        String regex,
        @Key(name = "json_pointer", doc = "where the figure is in a JSON file or output (RFC 6901), e.g."
                + " /end/sum_received/bits_per_second") String jsonPointer) {}

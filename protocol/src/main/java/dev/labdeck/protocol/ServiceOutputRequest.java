package dev.labdeck.protocol;

/**
 * Asks for what a service wrote, to read figures from it.
 *
 * @param file a file the service writes, relative to its working directory (or absolute); null
 *             or blank for its output (stdout and stderr, as in its log file)
 */
public record ServiceOutputRequest(String file) {}

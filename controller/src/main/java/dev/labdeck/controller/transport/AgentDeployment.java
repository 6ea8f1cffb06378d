package dev.labdeck.controller.transport;

/**
 * Where the agent was put on a host.
 *
 * @param remoteDir the content-addressed directory ({@code ~/.cache/labdeck/agent/<sha256>})
 * @param sha256    of the uploaded bundle or jar
 * @param bundled   true when the bundled runtime is used, false when the host's own java runs the jar
 * @param uploaded  false when the same bundle was already there and the upload was skipped
 * @param bytes     size of the bundle or jar
 */
public record AgentDeployment(String remoteDir, String sha256, boolean bundled, boolean uploaded, long bytes) {}

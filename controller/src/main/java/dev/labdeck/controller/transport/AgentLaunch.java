package dev.labdeck.controller.transport;

import java.time.Duration;

/** @param bind the address the agent binds on its host; @param port its port there */
public record AgentLaunch(String runId, String bind, int port, Duration heartbeatTimeout, Duration startTimeout) {}

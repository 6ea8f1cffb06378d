package dev.labdeck.agent.traffic;

/** An engine cannot run on this host; the message says why, in words for the engine notes. */
final class EngineUnavailableException extends Exception {
    EngineUnavailableException(String why) {
        super(why);
    }
}

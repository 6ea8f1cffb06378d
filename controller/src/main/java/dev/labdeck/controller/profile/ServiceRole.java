package dev.labdeck.controller.profile;

/** What a service is to the run: part of the lab, or the load whose end ends MEASURE. */
public enum ServiceRole implements ProfileWord {
    /** Runs from START SERVICES to TEARDOWN (a load balancer, a server). */
    SERVICE("service"),
    /** Is the test's load (a client): MEASURE lasts until every load service has exited, or its duration. */
    LOAD("load");

    private final String word;

    ServiceRole(String word) {
        this.word = word;
    }

    @Override
    public String word() {
        return word;
    }

    @Override
    public String toString() {
        return word;
    }
}

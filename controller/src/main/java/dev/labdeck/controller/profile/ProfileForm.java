package dev.labdeck.controller.profile;

/** Which of the two accepted YAML forms a profile was read from. */
public enum ProfileForm {
    /** The seed document's {@code config.yaml}: test_config, network_config, monitoring_config, results_config. */
    SEED_CONFIG,
    /** LabDeck's own form, described by {@code profiles/labdeck-profile.schema.json}. */
    LABDECK
}

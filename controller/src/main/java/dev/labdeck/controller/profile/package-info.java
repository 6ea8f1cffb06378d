/**
 * Test profiles: the immutable model of a lab and its test, read from YAML in either the seed's
 * {@code config.yaml} form or LabDeck's own form, and validated with file:line:column errors.
 */
package dev.labdeck.controller.profile;

/**
 * The contract between the LabDeck controller and its agent: JSON records, HTTP paths, metric
 * names and the API version. Everything here crosses a process boundary, so records only.
 */
package dev.labdeck.protocol;

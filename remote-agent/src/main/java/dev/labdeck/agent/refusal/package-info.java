/**
 * How agent features refuse a request in their own words ({@link dev.labdeck.agent.refusal.FeatureException});
 * the HTTP layer maps each refusal to a status code, so features never speak HTTP.
 */
package dev.labdeck.agent.refusal;

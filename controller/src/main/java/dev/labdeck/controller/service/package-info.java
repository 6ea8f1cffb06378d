/**
 * START SERVICES: the run's native processes started across hosts in dependency order, each
 * waiting for its readiness before its dependants start, watched while the run goes, and stopped
 * in reverse order at TEARDOWN.
 */
package dev.labdeck.controller.service;

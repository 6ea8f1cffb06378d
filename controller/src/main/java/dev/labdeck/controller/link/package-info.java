/**
 * The lab's links as the kernel counts them: packets and bytes through each end of every
 * ethernet link of a profile over a run, in summary.json's {@code links} section.
 */
package dev.labdeck.controller.link;

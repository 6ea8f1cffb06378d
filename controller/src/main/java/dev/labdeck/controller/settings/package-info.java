/** Where LabDeck keeps a user's settings, state and history on each platform ({@link dev.labdeck.controller.settings.UserDirs}). */
package dev.labdeck.controller.settings;

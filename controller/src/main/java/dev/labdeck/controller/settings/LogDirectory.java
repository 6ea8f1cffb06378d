package dev.labdeck.controller.settings;

import ch.qos.logback.core.PropertyDefinerBase;

/** Logback's {@code LOG_DIR}: {@link UserDirs#state()}, so labdeck.log is where the platform keeps such files. */
public final class LogDirectory extends PropertyDefinerBase {
    @Override
    public String getPropertyValue() {
        return UserDirs.forThisUser().state().toString();
    }
}

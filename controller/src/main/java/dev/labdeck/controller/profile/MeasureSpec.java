package dev.labdeck.controller.profile;

import java.time.Duration;

/**
 * How long MEASURE lasts when the profile has no UDP traffic (the profile's {@code measure}
 * section): services-only tests, where the services (role load) or the HTTP load are the load.
 */
public record MeasureSpec(
        @Key(positive = true, required = true, what = "measure duration",
                doc = "how long MEASURE lasts; a service with role load that ends earlier ends it") Duration duration) {}

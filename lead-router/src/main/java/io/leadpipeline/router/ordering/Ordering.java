package io.leadpipeline.router.ordering;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * What the suppression stages need to order lookups after suppression changes: the end offsets,
 * whether clocks allow releases, the clock-skew bound ε and how often held enquiries are looked at.
 */
public record Ordering(OffsetSource offsets, BooleanSupplier clocksWithinBound, Duration epsilon, Duration tick) {}

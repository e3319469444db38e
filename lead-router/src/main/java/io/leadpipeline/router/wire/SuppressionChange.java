package io.leadpipeline.router.wire;

import io.leadpipeline.router.suppression.DoNotRepeatEntry;
import io.leadpipeline.router.suppression.PreferenceEntry;

/** A preference or do-not-repeat update, forwarded to the allocation step to notify partners. */
public record SuppressionChange(
    String key, PreferenceEntry preferences, DoNotRepeatEntry doNotRepeat, long at) {}

package io.leadpipeline.router.suppression;


/** A preference or do-not-repeat update, forwarded to the allocation step to notify partners. */
public record SuppressionChange(
    String key, PreferenceEntry preferences, DoNotRepeatEntry doNotRepeat, long at) {}

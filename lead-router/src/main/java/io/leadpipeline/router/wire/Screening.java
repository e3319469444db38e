package io.leadpipeline.router.wire;

import io.leadpipeline.router.suppression.SuppressionView;
import io.leadpipeline.router.validation.NormalisedEnquiry;

/** An enquiry on its way through the suppression lookups, with the facts found so far. */
public record Screening(NormalisedEnquiry enquiry, SuppressionView view) {}

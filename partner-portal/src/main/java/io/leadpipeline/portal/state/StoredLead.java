package io.leadpipeline.portal.state;

import io.leadpipeline.avro.Lead;

/**
 * A lead as the partner received it, with the proof of what was sent: the SHA-256 of the record's
 * bytes on the partner's topic.
 */
public record StoredLead(Lead lead, String contentSha256) {}

package io.leadpipeline.router.suppression;

import io.leadpipeline.avro.Register;

/** A number's TPS or CTPS registration as the router saw it at the enquiry's time. */
public record TpsEntry(Register register, int registeredOnEpochDay, String source) {}

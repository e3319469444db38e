package io.leadpipeline.localstack;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test a running {@link LocalStack}: {@code @ExtendWith(LocalStackExtension.class)}, then
 * a {@code LocalStack} parameter on a test, lifecycle method or constructor.
 *
 * <p>One stack per test JVM, started when the first test asks for it and closed when the run
 * ends, because starting Kafka and the registry costs seconds that every test class would repay.
 * Tests share it, so each should use topic names and schema subjects of its own.
 */
public final class LocalStackExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalStackExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalStack.class;
    }

    @Override
    public LocalStack resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // The root store closes AutoCloseable values at the end of the whole run.
        return context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(LocalStack.class, key -> LocalStack.builder().build().start(), LocalStack.class);
    }
}

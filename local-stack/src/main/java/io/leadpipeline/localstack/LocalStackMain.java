package io.leadpipeline.localstack;

/**
 * Runs the local stack until Ctrl-C. Optional arguments: Kafka port, then registry port; without
 * them the ports are picked at random.
 */
public final class LocalStackMain {

    private LocalStackMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        LocalStack.Builder builder = LocalStack.builder().progress(System.out::println);
        if (args.length > 0) {
            builder.kafkaPort(Integer.parseInt(args[0]));
        }
        if (args.length > 1) {
            builder.registryPort(Integer.parseInt(args[1]));
        }
        LocalStack stack = builder.build().start();
        System.out.println();
        System.out.println("bootstrap.servers   = " + stack.bootstrapServers());
        System.out.println("schema.registry.url = " + stack.schemaRegistryUrl());
        System.out.println("logs in " + stack.logDir() + "; Ctrl-C stops the stack.");
        // The stack's shutdown hook stops both processes when Ctrl-C ends this JVM.
        Thread.currentThread().join();
    }
}

package io.leadpipeline.localstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Access control for the local broker, as a production cluster has it: clients authenticate with
 * SASL/SCRAM-SHA-512 (optionally over TLS), the KRaft {@code StandardAuthorizer} checks every
 * request against ACLs, and nothing is allowed without one. One super user administers the
 * cluster; every other user starts with no rights at all.
 *
 * <p>SCRAM credentials live in the cluster metadata, so they are written when the data directory
 * is formatted ({@code kafka-storage format --add-scram}), before the broker first starts. A data
 * directory formatted earlier keeps the users it was formatted with.
 *
 * <p>The controller listener stays on the loopback address and authenticates with SASL/PLAIN as
 * the super user: KRaft cannot use SCRAM there (the credentials are in the very log the controller
 * serves), and an unauthenticated controller listener would need {@code User:ANONYMOUS} as a super
 * user, which would let anyone reaching that port do anything.
 */
public final class BrokerSecurity {

    public static final String MECHANISM = "SCRAM-SHA-512";

    // Names and passwords go into JAAS lines and --add-scram arguments, which have no escaping.
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private final String superUser;
    private final String superUserPassword;
    private final Map<String, String> users;
    private final boolean tls;

    private BrokerSecurity(String superUser, String superUserPassword, Map<String, String> users, boolean tls) {
        this.superUser = superUser;
        this.superUserPassword = superUserPassword;
        this.users = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(users));
        this.tls = tls;
    }

    /** SCRAM-SHA-512 over plain TCP, with {@code name} as the only super user. */
    public static BrokerSecurity scram(String name, String password) {
        checkSafe("user name", name);
        checkSafe("password", password);
        return new BrokerSecurity(name, password, Map.of(name, password), false);
    }

    /** Adds an ordinary user: authenticated, and allowed only what ACLs grant it. */
    public BrokerSecurity user(String name, String password) {
        checkSafe("user name", name);
        checkSafe("password", password);
        if (users.containsKey(name)) {
            throw new IllegalArgumentException("user " + name + " is already defined");
        }
        Map<String, String> more = new LinkedHashMap<>(users);
        more.put(name, password);
        return new BrokerSecurity(superUser, superUserPassword, more, tls);
    }

    /** SASL over TLS ({@code SASL_SSL}) with a self-signed certificate made when the stack starts. */
    public BrokerSecurity withTls() {
        return new BrokerSecurity(superUser, superUserPassword, users, true);
    }

    public String superUser() {
        return superUser;
    }

    public boolean tls() {
        return tls;
    }

    /** {@code SASL_SSL} or {@code SASL_PLAINTEXT}. */
    public String securityProtocol() {
        return tls ? "SASL_SSL" : "SASL_PLAINTEXT";
    }

    /** The password of a user defined here; tests log in with it. */
    public String password(String user) {
        String password = users.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no user " + user);
        }
        return password;
    }

    /** The arguments that make {@code kafka-storage format} create every user's credentials. */
    List<String> formatArguments() {
        List<String> args = new ArrayList<>();
        users.forEach((name, password) -> {
            args.add("--add-scram");
            args.add(MECHANISM + "=[name=" + name + ",password=" + password + "]");
        });
        return args;
    }

    /**
     * Rewrites a plain single-node configuration for authenticated, authorised access. The client
     * listener keeps its port; {@code tlsFiles} is used only with TLS.
     */
    void applyTo(Properties p, int port, int controllerPort, TlsFiles tlsFiles) {
        String protocol = securityProtocol();
        p.setProperty("listeners", protocol + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", protocol + "://127.0.0.1:" + port);
        p.setProperty("listener.security.protocol.map", protocol + ":" + protocol + ",CONTROLLER:SASL_PLAINTEXT");
        p.setProperty("inter.broker.listener.name", protocol);

        String listener = "listener.name." + protocol.toLowerCase(java.util.Locale.ROOT) + ".";
        p.setProperty("sasl.enabled.mechanisms", MECHANISM);
        p.setProperty("sasl.mechanism.inter.broker.protocol", MECHANISM);
        p.setProperty(listener + "sasl.enabled.mechanisms", MECHANISM);
        p.setProperty(listener + MECHANISM.toLowerCase(java.util.Locale.ROOT) + ".sasl.jaas.config",
                scramJaas(superUser, superUserPassword));

        p.setProperty("sasl.mechanism.controller.protocol", "PLAIN");
        p.setProperty("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        p.setProperty("listener.name.controller.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + superUser
                        + "\" password=\"" + superUserPassword + "\" user_" + superUser + "=\""
                        + superUserPassword + "\";");

        p.setProperty("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.setProperty("super.users", "User:" + superUser);
        // Deny by default: a topic nobody wrote an ACL for is closed, not open.
        p.setProperty("allow.everyone.if.no.acl.found", "false");

        if (tls) {
            Objects.requireNonNull(tlsFiles, "TLS files");
            p.setProperty(listener + "ssl.keystore.location", tlsFiles.keystore().toString());
            p.setProperty(listener + "ssl.keystore.password", tlsFiles.password());
            p.setProperty(listener + "ssl.keystore.type", "PKCS12");
            p.setProperty(listener + "ssl.key.password", tlsFiles.password());
            // The broker's own inter-broker client trusts the same certificate.
            p.setProperty(listener + "ssl.truststore.location", tlsFiles.truststore().toString());
            p.setProperty(listener + "ssl.truststore.password", tlsFiles.password());
            p.setProperty(listener + "ssl.truststore.type", "PKCS12");
        }
    }

    /**
     * Kafka client settings for {@code user}: security protocol, mechanism, JAAS line and, with TLS,
     * the truststore. Add {@code bootstrap.servers} and hand them to any client.
     */
    Map<String, Object> clientConfig(String user, TlsFiles tlsFiles) {
        return clientConfig(user, password(user), tlsFiles);
    }

    /** As {@link #clientConfig(String, TlsFiles)}, for a password this object does not know (wrong ones included). */
    Map<String, Object> clientConfig(String user, String password, TlsFiles tlsFiles) {
        Map<String, Object> c = new HashMap<>();
        c.put("security.protocol", securityProtocol());
        c.put("sasl.mechanism", MECHANISM);
        c.put("sasl.jaas.config", scramJaas(user, password));
        if (tls) {
            c.put("ssl.truststore.location", tlsFiles.truststore().toString());
            c.put("ssl.truststore.password", tlsFiles.password());
            c.put("ssl.truststore.type", "PKCS12");
        }
        return c;
    }

    static String scramJaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    private static void checkSafe(String what, String value) {
        if (value == null || !SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be 1-128 letters, digits, '.', '_' or '-'");
        }
    }

    /** Never print passwords. */
    @Override
    public String toString() {
        return "BrokerSecurity[" + securityProtocol() + ", super user " + superUser + ", users " + users.keySet() + "]";
    }

    /** A self-signed broker certificate in a PKCS12 keystore, and a truststore holding it. */
    record TlsFiles(Path keystore, Path truststore, String password) {
    }
}

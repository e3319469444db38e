package io.leadpipeline.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class BrokerSecurityTest {

    private final BrokerSecurity security = BrokerSecurity.scram("admin", "admin-secret").user("alice", "alice-secret");

    private Properties secured(BrokerSecurity s) {
        Properties p = BrokerProperties.singleNode(9092, 9093, Path.of("/data/kafka"));
        s.applyTo(p, 9092, 9093, new BrokerSecurity.TlsFiles(Path.of("/tls/broker.p12"), Path.of("/tls/trust.p12"), "pw"));
        return p;
    }

    @Test
    void clientListenerRequiresScramOnTheSamePort() {
        Properties p = secured(security);
        assertThat(p.getProperty("listeners")).isEqualTo("SASL_PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093");
        assertThat(p.getProperty("advertised.listeners")).isEqualTo("SASL_PLAINTEXT://127.0.0.1:9092");
        assertThat(p).containsEntry("sasl.enabled.mechanisms", "SCRAM-SHA-512")
                .containsEntry("sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-512")
                .containsEntry("inter.broker.listener.name", "SASL_PLAINTEXT");
    }

    @Test
    void everyRequestIsAuthorisedAndNothingIsOpenByDefault() {
        Properties p = secured(security);
        assertThat(p).containsEntry("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .containsEntry("super.users", "User:admin")
                .containsEntry("allow.everyone.if.no.acl.found", "false");
    }

    @Test
    void controllerListenerAuthenticatesAsTheSuperUserNotAnonymous() {
        Properties p = secured(security);
        assertThat(p.getProperty("listener.security.protocol.map")).contains("CONTROLLER:SASL_PLAINTEXT");
        assertThat(p.getProperty("listener.name.controller.plain.sasl.jaas.config"))
                .contains("username=\"admin\"").contains("user_admin=\"admin-secret\"");
        assertThat(p.getProperty("super.users")).doesNotContain("ANONYMOUS");
    }

    @Test
    void everyUserIsCreatedAtFormatTime() {
        assertThat(security.formatArguments()).containsExactly(
                "--add-scram", "SCRAM-SHA-512=[name=admin,password=admin-secret]",
                "--add-scram", "SCRAM-SHA-512=[name=alice,password=alice-secret]");
    }

    @Test
    void tlsPutsTheKeystoreOnTheSaslSslListener() {
        Properties p = secured(security.withTls());
        assertThat(p.getProperty("listeners")).startsWith("SASL_SSL://127.0.0.1:9092");
        assertThat(p).containsEntry("listener.name.sasl_ssl.ssl.keystore.location", "/tls/broker.p12")
                .containsEntry("listener.name.sasl_ssl.ssl.truststore.location", "/tls/trust.p12");
    }

    @Test
    void clientConfigLogsInAsTheUserAndTrustsTheBrokerCertificate() {
        var files = new BrokerSecurity.TlsFiles(Path.of("/tls/broker.p12"), Path.of("/tls/trust.p12"), "pw");
        assertThat(security.withTls().clientConfig("alice", files))
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"alice\" password=\"alice-secret\";")
                .containsEntry("ssl.truststore.location", "/tls/trust.p12");
        assertThat(security.clientConfig("alice", files)).doesNotContainKey("ssl.truststore.location");
    }

    @Test
    void refusesNamesThatWouldBreakAJaasLine() {
        assertThatThrownBy(() -> BrokerSecurity.scram("admin", "pass\"word")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("pass\"word");
        assertThatThrownBy(() -> security.user("bob,x", "secret")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> security.user("alice", "other")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void neverPrintsPasswords() {
        assertThat(security.toString()).contains("alice").doesNotContain("alice-secret").doesNotContain("admin-secret");
    }
}

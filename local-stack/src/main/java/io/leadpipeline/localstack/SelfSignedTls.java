package io.leadpipeline.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes the broker's TLS files with the JDK's own {@code keytool}: a self-signed certificate for
 * 127.0.0.1 and localhost (so clients keep hostname verification on), and a truststore holding it.
 * Made once per data directory and reused on restart.
 */
final class SelfSignedTls {

    private static final Path KEYTOOL = Path.of(System.getProperty("java.home"), "bin", "keytool");

    private SelfSignedTls() {
    }

    static BrokerSecurity.TlsFiles inDirectory(Path dir) {
        Path keystore = dir.resolve("broker.p12");
        Path truststore = dir.resolve("truststore.p12");
        Path passwordFile = dir.resolve("tls-password");
        try {
            Files.createDirectories(dir);
            if (Files.exists(keystore) && Files.exists(truststore) && Files.exists(passwordFile)) {
                return new BrokerSecurity.TlsFiles(keystore, truststore, Files.readString(passwordFile).strip());
            }
            byte[] random = new byte[16];
            new SecureRandom().nextBytes(random);
            String password = HexFormat.of().formatHex(random);
            Path certificate = dir.resolve("broker.crt");
            keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "30",
                    "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                    "-keystore", keystore.toString(), "-storetype", "PKCS12",
                    "-storepass", password, "-keypass", password);
            keytool("-exportcert", "-rfc", "-alias", "broker", "-keystore", keystore.toString(),
                    "-storepass", password, "-file", certificate.toString());
            keytool("-importcert", "-noprompt", "-alias", "broker", "-file", certificate.toString(),
                    "-keystore", truststore.toString(), "-storetype", "PKCS12", "-storepass", password);
            Files.writeString(passwordFile, password, StandardCharsets.UTF_8);
            return new BrokerSecurity.TlsFiles(keystore, truststore, password);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not make TLS files in " + dir, e);
        }
    }

    private static void keytool(String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>();
        command.add(KEYTOOL.toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running keytool", e);
        }
    }
}

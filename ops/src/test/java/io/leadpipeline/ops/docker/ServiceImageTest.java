package io.leadpipeline.ops.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.ops.Repository;
import io.leadpipeline.ops.config.ConfigKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceImageTest {

  @Test
  void theRouterImageRunsTheShadedJarWithItsConfiguration() {
    assertThat(ServiceImage.read(Repository.root(), "lead-router").problems("run")).isEmpty();
  }

  @Test
  void theSuppressionServiceImageServesTheShadedJarWithItsConfiguration() {
    assertThat(ServiceImage.read(Repository.root(), "suppression-service").problems("serve")).isEmpty();
  }

  @Test
  void thePartnerGatewayImageRunsTheShadedJarWithItsConfiguration() {
    assertThat(ServiceImage.read(Repository.root(), "partner-gateway").problems("run")).isEmpty();
  }

  @Test
  void everyKeyBakedIntoAnImageIsDocumentedForThatService() {
    ConfigKeys documented = ConfigKeys.read(Repository.file("ops/config-keys.txt"));
    for (String service : new String[] {"lead-router", "suppression-service", "partner-gateway"}) {
      assertThat(ServiceImage.read(Repository.root(), service).configKeys())
          .as(service)
          .isNotEmpty()
          .allSatisfy(key -> assertThat(documented.find(service, key)).as(service + " " + key).isPresent());
    }
  }

  @Test
  void aWrongJarAMissingSourceAnIgnoredSourceAndAWrongCommandAreReported(@TempDir Path root) throws Exception {
    Path docker = Files.createDirectories(root.resolve("ops/docker"));
    Files.writeString(docker.resolve("lead-router.properties"), "http.port=8091\n");
    Files.writeString(docker.resolve("lead-router.Dockerfile"), """
        FROM eclipse-temurin:17-jre
        # comment
        COPY lead-router/target/router.jar \\
             /app/app.jar
        COPY ops/docker/lead-router.properties /etc/lead-pipeline/lead-router.properties
        COPY ops/docker/missing.sh /app/missing.sh
        ENTRYPOINT ["java", "-jar", "/app/app.jar"]
        CMD ["serve", "--config", "/etc/lead-pipeline/lead-router.properties"]
        """);
    Files.writeString(docker.resolve("lead-router.Dockerfile.dockerignore"), "*\n!ops/docker/lead-router.properties\n");
    assertThat(ServiceImage.read(root, "lead-router").problems("run")).containsExactly(
        "lead-router: the image must copy the shaded lead-router/target/lead-router.jar to /app/app.jar",
        "lead-router: COPY source lead-router/target/router.jar does not exist",
        "lead-router: COPY source lead-router/target/router.jar is excluded by the Dockerfile's .dockerignore",
        "lead-router: COPY source ops/docker/missing.sh does not exist",
        "lead-router: COPY source ops/docker/missing.sh is excluded by the Dockerfile's .dockerignore",
        "lead-router: ENTRYPOINT lacks -Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.leadpipeline.avro",
        "lead-router: CMD should be [\"run\", \"--config\", \"/etc/lead-pipeline/lead-router.properties\"], "
            + "is [\"serve\", \"--config\", \"/etc/lead-pipeline/lead-router.properties\"]");
  }
}

# The suppression-service image. Build context: the repository root, after
# `mvn -q package -DskipTests` has produced the shaded jar.
FROM eclipse-temurin:17-jre

RUN groupadd --system leadpipeline \
 && useradd --system --gid leadpipeline --home-dir /app --no-create-home leadpipeline \
 && mkdir -p /app /etc/lead-pipeline /var/lib/lead-pipeline \
 && chown leadpipeline:leadpipeline /var/lib/lead-pipeline

COPY suppression-service/target/suppression-service.jar /app/app.jar
COPY ops/docker/suppression-service.properties /etc/lead-pipeline/suppression-service.properties
COPY ops/docker/http-ok.sh /app/http-ok.sh

# The TPS register state lives under /var/lib/lead-pipeline (a volume in compose).
USER leadpipeline
WORKDIR /app
EXPOSE 8090
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.leadpipeline.avro", "-jar", "/app/app.jar"]
CMD ["serve", "--config", "/etc/lead-pipeline/suppression-service.properties"]

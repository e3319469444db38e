# The partner-gateway image. Build context: the repository root, after
# `mvn -q package -DskipTests` has produced the shaded jar.
FROM eclipse-temurin:17-jre

RUN groupadd --system leadpipeline \
 && useradd --system --gid leadpipeline --home-dir /app --no-create-home leadpipeline \
 && mkdir -p /app /etc/lead-pipeline

COPY partner-gateway/target/partner-gateway.jar /app/app.jar
COPY ops/docker/partner-gateway.properties /etc/lead-pipeline/partner-gateway.properties
COPY ops/docker/http-ok.sh /app/http-ok.sh

# No state of its own: retry schedules, the delivery log and dead letters are on Kafka topics.
# The signing secrets are mounted (compose: a secret file), never baked in.
USER leadpipeline
WORKDIR /app
EXPOSE 8083
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.leadpipeline.avro", "-jar", "/app/app.jar"]
CMD ["run", "--config", "/etc/lead-pipeline/partner-gateway.properties"]

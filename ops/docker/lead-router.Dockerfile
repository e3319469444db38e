# The lead-router image. Build context: the repository root, after `mvn -q package -DskipTests`
# has produced the shaded jar (docker compose does this: see docker-compose.yml).
FROM eclipse-temurin:17-jre

RUN groupadd --system leadpipeline \
 && useradd --system --gid leadpipeline --home-dir /app --no-create-home leadpipeline \
 && mkdir -p /app /etc/lead-pipeline /var/lib/lead-pipeline \
 && chown leadpipeline:leadpipeline /var/lib/lead-pipeline

COPY lead-router/target/lead-router.jar /app/app.jar
COPY ops/docker/lead-router.properties /etc/lead-pipeline/lead-router.properties
COPY ops/docker/http-ok.sh /app/http-ok.sh

# State stores live under /var/lib/lead-pipeline (a volume in compose), owned by the app user.
USER leadpipeline
WORKDIR /app
EXPOSE 8091
# Avro refuses to load generated classes outside the allowed package.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.leadpipeline.avro", "-jar", "/app/app.jar"]
CMD ["run", "--config", "/etc/lead-pipeline/lead-router.properties"]

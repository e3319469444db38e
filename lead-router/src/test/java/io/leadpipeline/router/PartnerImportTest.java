package io.leadpipeline.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadpipeline.avro.Partner;
import io.leadpipeline.avro.PartnerKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartnerImportTest {
  private static final Path EXAMPLE = Path.of("..", "examples", "partners.json");

  @Test
  void theExamplePartnersAreRealisticAndValid() {
    List<Partner> partners = PartnerImport.read(EXAMPLE, Instant.now());
    assertThat(partners).hasSize(12);
    assertThat(partners).extracting(p -> p.getCities().get(0))
        .contains("London", "Manchester", "Birmingham", "Leeds", "Bristol", "Edinburgh");
    assertThat(partners).extracting(Partner::getKind).contains(PartnerKind.LANDLORD, PartnerKind.OPERATOR);
    assertThat(partners).filteredOn(Partner::getExclusive).hasSize(1);
    assertThat(partners).filteredOn(p -> !p.getActive()).hasSize(1);
    assertThat(partners).filteredOn(p -> p.getDeliveryHours() != null).hasSize(1);
    assertThat(partners).filteredOn(p -> p.getDailyCap() != null).hasSizeGreaterThan(2);
  }

  @Test
  void aPartitionWithoutALeaderKeepsTheImportWaiting() {
    Node broker = new Node(1, "localhost", 9092);
    TopicDescription electing = new TopicDescription("partners", false, List.of(
        new TopicPartitionInfo(0, broker, List.of(broker), List.of(broker)),
        new TopicPartitionInfo(1, null, List.of(broker), List.of()),
        new TopicPartitionInfo(2, Node.noNode(), List.of(broker), List.of())));
    TopicDescription ready = new TopicDescription("partners", false, List.of(
        new TopicPartitionInfo(0, broker, List.of(broker), List.of(broker)),
        new TopicPartitionInfo(1, broker, List.of(broker), List.of(broker))));

    assertThat(PartnerImport.withoutLeader(electing)).containsExactly("partners-1", "partners-2");
    assertThat(PartnerImport.withoutLeader(ready)).isEmpty();
  }

  @Test
  void aPartnerIdThatCannotNameATopicIsRefused(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("p.json");
    Files.writeString(f, """
        [{"partnerId": "Bad Id", "name": "x", "kind": "LANDLORD", "cities": ["Leeds"], "maxDesks": 5,
          "officeTypes": ["LEASED"]}]""");
    assertThatThrownBy(() -> PartnerImport.read(f, Instant.now())).hasMessageContaining("partner id");
  }

  @Test
  void anUnknownFieldIsRefusedRatherThanIgnored(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("p.json");
    Files.writeString(f, """
        [{"partnerId": "ok", "name": "x", "kind": "LANDLORD", "cities": ["Leeds"], "maxDesks": 5,
          "officeTypes": ["LEASED"], "dailyCapp": 3}]""");
    assertThatThrownBy(() -> PartnerImport.read(f, Instant.now())).hasMessageContaining("dailyCapp");
  }

  @Test
  void deliveryChannelsAreReadAndAWebhookWithoutItsUrlOrSecretIsRefused(@TempDir Path dir) throws Exception {
    List<Partner> partners = PartnerImport.read(EXAMPLE, Instant.now());
    assertThat(partners).filteredOn(p -> p.getChannel() == io.leadpipeline.avro.DeliveryChannel.WEBHOOK)
        .isNotEmpty().allMatch(p -> p.getWebhookUrl() != null && !p.getSigningSecretIds().isEmpty());
    assertThat(partners).filteredOn(p -> p.getChannel() == io.leadpipeline.avro.DeliveryChannel.EMAIL)
        .isNotEmpty().allMatch(p -> p.getDeliveryEmail() != null);
    assertThat(partners).filteredOn(p -> p.getPartnerId().equals("thames-estates"))
        .extracting(Partner::getChannel).containsExactly(io.leadpipeline.avro.DeliveryChannel.NONE);
    Path f = dir.resolve("p.json");
    Files.writeString(f, """
        [{"partnerId": "hooked", "name": "x", "kind": "LANDLORD", "cities": ["Leeds"], "maxDesks": 5,
          "officeTypes": ["LEASED"], "channel": "WEBHOOK", "webhookUrl": "https://hooked.example/x"}]""");
    assertThatThrownBy(() -> PartnerImport.read(f, Instant.now())).hasMessageContaining("signingSecretIds");
  }
}

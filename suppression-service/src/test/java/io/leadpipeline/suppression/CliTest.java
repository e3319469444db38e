package io.leadpipeline.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadpipeline.suppression.access.ApiKeys;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CliTest {
  @Test
  void hashApiKeyPrintsAConfigurationEntryThatAuthenticatesTheKeyItPrints() {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Cli.run(new String[] {"hash-api-key", "--id", "crm", "--scopes", "suppression:write,dsar:read"});
    } finally {
      System.setOut(original);
    }
    assertThat(code).isZero();
    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
    String key = lines[0].substring(lines[0].lastIndexOf(' ') + 1);
    String entry = lines[1].substring("api.keys entry: ".length());
    assertThat(entry).doesNotContain(key.substring(4));
    assertThat(ApiKeys.parse(entry).authenticate(key)).isPresent();
  }

  @Test
  void ingestTpsNeedsARegisterAndExactlyOneFile() {
    assertThat(Cli.run(new String[] {"ingest-tps", "--full", "a.txt"})).isEqualTo(2);
    assertThat(Cli.run(new String[] {"ingest-tps", "--register", "TPS", "--full", "a", "--changes", "b"})).isEqualTo(2);
    assertThat(Cli.run(new String[] {"ingest-tps", "--register", "XTPS", "--full", "a"})).isEqualTo(2);
  }
}

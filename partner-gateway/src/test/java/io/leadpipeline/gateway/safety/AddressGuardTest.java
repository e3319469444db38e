package io.leadpipeline.gateway.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/partner-delivery.md §6: the gateway cannot be pointed at the inside of the network. */
class AddressGuardTest {

  private static AddressGuard.Resolver dns(Map<String, String> table) {
    return host -> {
      String ip = table.get(host);
      if (ip == null) {
        throw new UnknownHostException(host);
      }
      return new InetAddress[] {InetAddress.getByName(ip)};
    };
  }

  private static final Map<String, String> DNS = Map.ofEntries(
      Map.entry("partner.example", "93.184.216.34"),
      Map.entry("loopback.example", "127.0.0.1"),
      Map.entry("private.example", "10.1.2.3"),
      Map.entry("private172.example", "172.20.0.5"),
      Map.entry("private192.example", "192.168.1.1"),
      Map.entry("metadata.example", "169.254.169.254"),
      Map.entry("cgnat.example", "100.64.1.1"),
      Map.entry("v6local.example", "::1"),
      Map.entry("ula.example", "fd00::1"),
      Map.entry("linklocal6.example", "fe80::1"),
      Map.entry("mapped.example", "::ffff:127.0.0.1"),
      Map.entry("zero.example", "0.0.0.0"));

  @Test
  void publicHttpsEndpointsAreAllowed() {
    AddressGuard guard = new AddressGuard(false, List.of(), dns(DNS));
    assertThat(guard.check(URI.create("https://partner.example/hooks/leads"))).isInstanceOf(AddressGuard.Verdict.Allowed.class);
  }

  @Test
  void internalAddressesAreRefused() {
    AddressGuard guard = new AddressGuard(false, List.of(), dns(DNS));
    for (String host : List.of("loopback", "private", "private172", "private192", "metadata", "cgnat", "v6local", "ula",
        "linklocal6", "mapped", "zero")) {
      assertThat(guard.check(URI.create("https://" + host + ".example/x")))
          .as(host).isInstanceOf(AddressGuard.Verdict.Refused.class);
    }
    assertThat(guard.check(URI.create("https://127.0.0.1/x"))).isInstanceOf(AddressGuard.Verdict.Refused.class);
  }

  @Test
  void plainHttpCredentialsAndUnresolvableHostsAreRefused() {
    AddressGuard guard = new AddressGuard(false, List.of(), dns(DNS));
    assertThat(guard.check(URI.create("http://partner.example/x"))).isInstanceOf(AddressGuard.Verdict.Refused.class);
    assertThat(guard.check(URI.create("ftp://partner.example/x"))).isInstanceOf(AddressGuard.Verdict.Refused.class);
    assertThat(guard.check(URI.create("https://user:pw@partner.example/x"))).isInstanceOf(AddressGuard.Verdict.Refused.class);
    assertThat(guard.check(URI.create("https://nowhere.example/x"))).isInstanceOf(AddressGuard.Verdict.Refused.class);
  }

  @Test
  void configuredNetworksAndPlainHttpCanBeAllowedAsTestsDo() {
    AddressGuard guard = new AddressGuard(true, List.of("127.0.0.0/8", "::1/128"), dns(DNS));
    assertThat(guard.check(URI.create("http://loopback.example:8080/x"))).isInstanceOf(AddressGuard.Verdict.Allowed.class);
    assertThat(guard.check(URI.create("http://v6local.example/x"))).isInstanceOf(AddressGuard.Verdict.Allowed.class);
    assertThat(guard.check(URI.create("http://private.example/x"))).isInstanceOf(AddressGuard.Verdict.Refused.class);
    assertThat(guard.check(URI.create("http://metadata.example/x"))).isInstanceOf(AddressGuard.Verdict.Refused.class);
  }
}

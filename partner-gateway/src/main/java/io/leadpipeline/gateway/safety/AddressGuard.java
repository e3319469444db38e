package io.leadpipeline.gateway.safety;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether the gateway may call a partner's endpoint (docs/partner-delivery.md §6). A
 * partner controls its URL, so an unchecked one would let it make the gateway call the broker,
 * the registry, a cloud metadata service or anything else inside the network: endpoints must be
 * https and resolve only to public addresses, unless configuration allows plain http or names
 * networks (tests allow loopback). Checked before every attempt, because DNS answers change.
 */
public final class AddressGuard {

  /** Resolves a host name; the JDK's resolver in production. */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  public sealed interface Verdict {
    record Allowed(List<InetAddress> addresses) implements Verdict {}

    record Refused(String reason) implements Verdict {}
  }

  private final boolean allowHttp;
  private final List<Cidr> allowedNetworks;
  private final Resolver resolver;

  public AddressGuard(boolean allowHttp, List<String> allowedNetworks, Resolver resolver) {
    this.allowHttp = allowHttp;
    this.allowedNetworks = allowedNetworks.stream().map(String::trim).filter(s -> !s.isEmpty()).map(Cidr::parse).toList();
    this.resolver = resolver;
  }

  public static AddressGuard strict() {
    return new AddressGuard(false, List.of(), InetAddress::getAllByName);
  }

  public Verdict check(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
      return new Verdict.Refused("scheme " + (scheme.isEmpty() ? "(none)" : scheme) + " not allowed; use https");
    }
    if (uri.getRawUserInfo() != null) {
      return new Verdict.Refused("credentials in the URL are not allowed");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      return new Verdict.Refused("no host");
    }
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (UnknownHostException e) {
      return new Verdict.Refused("host does not resolve");
    }
    List<InetAddress> ok = new ArrayList<>();
    for (InetAddress a : addresses) {
      if (isInternal(a) && allowedNetworks.stream().noneMatch(n -> n.contains(a))) {
        return new Verdict.Refused("resolves to an internal address " + a.getHostAddress());
      }
      ok.add(a);
    }
    if (ok.isEmpty()) {
      return new Verdict.Refused("host does not resolve");
    }
    return new Verdict.Allowed(List.copyOf(ok));
  }

  /** Loopback, private, link-local, unique-local, carrier-grade NAT, multicast or unspecified. */
  static boolean isInternal(InetAddress a) {
    if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress()
        || a.isAnyLocalAddress() || a.isMulticastAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return first == 0 // "this network"
          || (first == 100 && second >= 64 && second < 128) // carrier-grade NAT
          || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
          || (first == 198 && (second == 18 || second == 19)) // benchmarking
          || first >= 240; // reserved and broadcast
    }
    if (a instanceof Inet6Address) {
      if ((b[0] & 0xfe) == 0xfc) { // fc00::/7 unique local
        return true;
      }
      if (isMappedV4(b)) { // ::ffff:a.b.c.d reaches the IPv4 address
        try {
          return isInternal(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
        } catch (UnknownHostException e) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isMappedV4(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
  }

  /** A network in CIDR notation, {@code 127.0.0.0/8} or {@code ::1/128}. */
  record Cidr(byte[] network, int prefixBits) {
    static Cidr parse(String text) {
      int slash = text.indexOf('/');
      try {
        InetAddress a = InetAddress.getByName(slash < 0 ? text : text.substring(0, slash));
        int bits = slash < 0 ? a.getAddress().length * 8 : Integer.parseInt(text.substring(slash + 1));
        if (bits < 0 || bits > a.getAddress().length * 8) {
          throw new IllegalArgumentException("bad prefix length in " + text);
        }
        return new Cidr(a.getAddress(), bits);
      } catch (UnknownHostException | NumberFormatException e) {
        throw new IllegalArgumentException("not a network in CIDR notation: " + text);
      }
    }

    boolean contains(InetAddress a) {
      byte[] b = a.getAddress();
      if (b.length != network.length) {
        return false;
      }
      for (int i = 0; i < prefixBits; i++) {
        int mask = 0x80 >> (i % 8);
        if ((b[i / 8] & mask) != (network[i / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }
}

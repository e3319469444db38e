package io.leadpipeline.suppression.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP link to the local stack's registry that a test can cut and restore: an outage the
 * service sees as refused connections, while the real registry keeps its schemas (restarting the
 * stack's in-memory registry would lose them, and every other IT in the JVM with them).
 */
final class RegistryLink implements AutoCloseable {
  private final String targetHost;
  private final int targetPort;
  private final String path;
  private final int port;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private ServerSocket server;

  RegistryLink(String registryUrl) throws IOException {
    URI target = URI.create(registryUrl);
    this.targetHost = target.getHost();
    this.targetPort = target.getPort();
    this.path = target.getPath();
    try (ServerSocket probe = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      this.port = probe.getLocalPort();
    }
  }

  /** The registry URL through this link. */
  String url() {
    return "http://127.0.0.1:" + port + path;
  }

  synchronized void up() throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress("127.0.0.1", port));
    server = s;
    Thread accept = new Thread(() -> accept(s), "registry-link");
    accept.setDaemon(true);
    accept.start();
  }

  /** New connections are refused and open ones are cut. */
  synchronized void down() throws IOException {
    if (server != null) {
      server.close();
      server = null;
    }
    for (Socket s : sockets) {
      s.close();
    }
    sockets.clear();
  }

  private void accept(ServerSocket s) {
    while (!s.isClosed()) {
      try {
        Socket client = s.accept();
        Socket upstream = new Socket(targetHost, targetPort);
        sockets.add(client);
        sockets.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        return; // closed by down()
      }
    }
  }

  private static void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        in.transferTo(out);
      } catch (IOException e) {
        // the other side closed
      } finally {
        try {
          from.close();
          to.close();
        } catch (IOException ignored) {
          // already closed
        }
      }
    }, "registry-link-pump");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    down();
  }
}

package io.leadpipeline.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void picksDistinctPorts() {
        int[] ports = FreePorts.pick(3);

        assertThat(ports).hasSize(3).doesNotHaveDuplicates();
    }

    @Test
    void pickedPortsCanBeBoundOnLoopback() throws Exception {
        for (int port : FreePorts.pick(3)) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(socket.getLocalPort()).isEqualTo(port);
            }
        }
    }

    @Test
    void pickedPortsAreUnprivileged() {
        assertThat(Arrays.stream(FreePorts.pick(3))).allMatch(port -> port > 1023 && port < 65536);
    }
}

package io.leadpipeline.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class OwnedProcessesTest {

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killWhatIsLeft() {
        for (Process process : started) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    @Test
    void killsAProcessWhoseOwnerHasDied() throws Exception {
        long deadOwner = deadPid();
        Process orphan = sleeperMarkedBy(deadOwner);
        OwnedProcesses.record(orphan.toHandle(), deadOwner);

        OwnedProcesses.reapOrphans(message -> { });

        await().atMost(Duration.ofSeconds(5)).until(() -> !orphan.isAlive());
    }

    @Test
    void sparesAProcessWhoseOwnerIsAlive() throws Exception {
        long owner = ProcessHandle.current().pid();
        Process owned = sleeperMarkedBy(owner);
        OwnedProcesses.record(owned.toHandle(), owner);

        OwnedProcesses.reapOrphans(message -> { });

        assertThat(owned.isAlive()).isTrue();
        OwnedProcesses.forget(owned.pid());
    }

    @Test
    void sparesAnUnmarkedProcessThatReusedARecordedPid() throws Exception {
        Process stranger = sleeperMarkedBy(-1);
        OwnedProcesses.record(stranger.toHandle(), deadPid());

        OwnedProcesses.reapOrphans(message -> { });

        assertThat(stranger.isAlive()).isTrue();
    }

    // "; true" keeps the shell from exec-ing sleep, so the marker stays in this process's arguments.
    private Process sleeperMarkedBy(long owner) throws Exception {
        Process process = new ProcessBuilder("sh", "-c", "sleep 30; true", OwnedProcesses.marker(owner)).start();
        started.add(process);
        return process;
    }

    private static long deadPid() throws Exception {
        Process process = new ProcessBuilder("true").start();
        process.waitFor();
        return process.pid();
    }
}

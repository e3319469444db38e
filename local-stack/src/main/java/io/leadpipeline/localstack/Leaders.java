package io.leadpipeline.localstack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.ElectionNotNeededException;

/**
 * Reads and moves partition leaders through the admin API, as an operator would: a reassignment
 * that puts the chosen broker first in the replica list, then a preferred-leader election. Each
 * call opens its own admin client, so it works whichever broker is down.
 */
public final class Leaders {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Map<String, Object> adminConfig;

    Leaders(Map<String, Object> adminConfig) {
        Map<String, Object> c = new HashMap<>(adminConfig);
        // A broker frozen with SIGSTOP accepts connections and never answers: give up on it after a
        // few seconds and ask another, instead of holding the caller for the client's default 30 s.
        c.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        this.adminConfig = Map.copyOf(c);
    }

    /** The current leader's node id, or empty while the partition has none. */
    public Optional<Integer> leaderOf(TopicPartition partition) {
        Node leader = describe(partition).leader();
        return leader == null || leader.isEmpty() ? Optional.empty() : Optional.of(leader.id());
    }

    /** The replicas, preferred leader first. */
    public List<Integer> replicas(TopicPartition partition) {
        return describe(partition).replicas().stream().map(Node::id).toList();
    }

    /** The replicas in sync with the leader, the leader included. */
    public Set<Integer> inSyncReplicas(TopicPartition partition) {
        return Set.copyOf(describe(partition).isr().stream().map(Node::id).toList());
    }

    /** The in-sync replicas of each partition, asked in one request. */
    public Map<TopicPartition, Set<Integer>> inSyncReplicas(Collection<TopicPartition> partitions) {
        try (Admin admin = Admin.create(adminConfig)) {
            Map<TopicPartition, Set<Integer>> out = new HashMap<>();
            describe(admin, partitions).forEach((p, info) ->
                    out.put(p, Set.copyOf(info.isr().stream().map(Node::id).toList())));
            return out;
        }
    }

    /** The leader of each partition that has one, asked in one request. */
    public Map<TopicPartition, Integer> leadersOf(Collection<TopicPartition> partitions) {
        try (Admin admin = Admin.create(adminConfig)) {
            Map<TopicPartition, Integer> out = new HashMap<>();
            describe(admin, partitions).forEach((p, info) -> {
                if (info.leader() != null && !info.leader().isEmpty()) {
                    out.put(p, info.leader().id());
                }
            });
            return out;
        }
    }

    /**
     * Makes {@code brokerId} the leader of {@code partition}: reorders (or, if it holds no
     * replica, changes) the replica list so it comes first, waits for the reassignment to finish,
     * then elects the preferred leader. Returns once the partition reports that leader.
     */
    public void moveLeader(TopicPartition partition, int brokerId) {
        moveLeaders(Map.of(partition, brokerId));
    }

    /** {@link #moveLeader} for many partitions at once: one reassignment and one election. */
    public void moveLeaders(Map<TopicPartition, Integer> targets) {
        try (Admin admin = Admin.create(adminConfig)) {
            Map<TopicPartition, TopicPartitionInfo> current = describe(admin, targets.keySet());
            Map<TopicPartition, Optional<NewPartitionReassignment>> reassign = new HashMap<>();
            Map<TopicPartition, List<Integer>> wanted = new HashMap<>();
            targets.forEach((partition, brokerId) -> {
                List<Integer> replicas = current.get(partition).replicas().stream().map(Node::id).toList();
                List<Integer> target = new ArrayList<>();
                target.add(brokerId);
                replicas.stream().filter(id -> id != brokerId).limit(replicas.size() - 1L).forEach(target::add);
                if (!target.equals(replicas)) {
                    reassign.put(partition, Optional.of(new NewPartitionReassignment(target)));
                    wanted.put(partition, target);
                }
            });
            if (!reassign.isEmpty()) {
                get(admin.alterPartitionReassignments(reassign).all());
                awaitUntil("reassignment of " + wanted, () -> {
                    if (!get(admin.listPartitionReassignments(wanted.keySet()).reassignments()).isEmpty()) {
                        return false;
                    }
                    Map<TopicPartition, TopicPartitionInfo> now = describe(admin, wanted.keySet());
                    return wanted.entrySet().stream().allMatch(w ->
                            now.get(w.getKey()).replicas().stream().map(Node::id).toList().equals(w.getValue()));
                });
            }
            electPreferred(admin, targets.keySet());
            awaitUntil("leaders " + targets, () -> describe(admin, targets.keySet()).entrySet().stream()
                    .allMatch(e -> {
                        Node leader = e.getValue().leader();
                        return leader != null && leader.id() == targets.get(e.getKey());
                    }));
        }
    }

    /** Elects each partition's preferred replica (first in its list) if it is not leading already. */
    public void electPreferred(Collection<TopicPartition> partitions) {
        try (Admin admin = Admin.create(adminConfig)) {
            electPreferred(admin, partitions);
        }
    }

    private void electPreferred(Admin admin, Collection<TopicPartition> partitions) {
        Map<TopicPartition, Optional<Throwable>> results =
                get(admin.electLeaders(ElectionType.PREFERRED, Set.copyOf(partitions)).partitions());
        results.forEach((partition, error) -> error
                .filter(e -> !(e instanceof ElectionNotNeededException))
                .ifPresent(e -> {
                    throw new IllegalStateException("Could not elect the preferred leader of " + partition, e);
                }));
    }

    private TopicPartitionInfo describe(TopicPartition partition) {
        try (Admin admin = Admin.create(adminConfig)) {
            return describe(admin, Set.of(partition)).get(partition);
        }
    }

    private static Map<TopicPartition, TopicPartitionInfo> describe(Admin admin, Collection<TopicPartition> partitions) {
        Set<String> topics = new HashSet<>();
        partitions.forEach(p -> topics.add(p.topic()));
        Map<String, TopicDescription> described = get(admin.describeTopics(topics).allTopicNames());
        Map<TopicPartition, TopicPartitionInfo> out = new HashMap<>();
        partitions.forEach(p -> out.put(p, described.get(p.topic()).partitions().get(p.partition())));
        return out;
    }

    private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("No answer within " + TIMEOUT.toSeconds() + " s", e);
        }
    }

    private static void awaitUntil(String what, java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Timed out after " + TIMEOUT.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted waiting for " + what, e);
            }
        }
    }
}

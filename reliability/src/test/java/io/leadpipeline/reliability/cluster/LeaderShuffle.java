package io.leadpipeline.reliability.cluster;

import io.leadpipeline.localstack.LocalStack;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;

/**
 * Moves partition leaders around a cluster for as long as it runs, as an operator's rebalance or
 * a rolling restart would: one partition at a time, to a broker chosen at random among those not
 * {@link #down(int) down}, by reassignment (the chosen broker first) and a preferred-leader
 * election. A move that fails (its broker just died, it is out of sync) is counted and skipped.
 */
final class LeaderShuffle implements AutoCloseable {

  private final LocalStack stack;
  private final List<TopicPartition> partitions;
  private final Set<Integer> down = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicInteger moved = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final Random random = new Random(12);
  private final Thread thread;

  LeaderShuffle(LocalStack stack, Collection<TopicPartition> partitions) {
    this.stack = stack;
    this.partitions = List.copyOf(partitions);
    this.thread = new Thread(this::run, "leader-shuffle");
    thread.setDaemon(true);
    thread.start();
  }

  /** Every partition of the topics whose names start with {@code prefix}. */
  static List<TopicPartition> partitionsOf(LocalStack stack, String prefix) {
    try (Admin admin = Admin.create(stack.adminConfig())) {
      Set<String> names = admin.listTopics().names().get();
      List<TopicPartition> out = new ArrayList<>();
      admin.describeTopics(names.stream().filter(n -> n.startsWith(prefix)).toList()).allTopicNames().get()
          .forEach((name, d) -> d.partitions().forEach(p -> out.add(new TopicPartition(name, p.partition()))));
      return out;
    } catch (Exception e) {
      throw new IllegalStateException("cannot list the partitions of " + prefix + "*", e);
    }
  }

  /** Leaves {@code brokerId} out of the moves until {@link #up(int)}. */
  void down(int brokerId) {
    down.add(brokerId);
  }

  void up(int brokerId) {
    down.remove(brokerId);
  }

  int moved() {
    return moved.get();
  }

  int failed() {
    return failed.get();
  }

  private void run() {
    while (running.get()) {
      TopicPartition p = partitions.get(random.nextInt(partitions.size()));
      List<Integer> live = stack.brokerIds().stream().filter(id -> !down.contains(id)).toList();
      int target = live.get(random.nextInt(live.size()));
      try {
        stack.leaders().moveLeader(p, target);
        moved.incrementAndGet();
      } catch (RuntimeException e) {
        failed.incrementAndGet();
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join(120_000);
  }
}

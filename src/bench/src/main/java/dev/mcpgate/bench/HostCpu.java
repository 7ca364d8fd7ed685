package dev.mcpgate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Busy CPU time of the whole machine, all processes and the kernel, from the first ({@code cpu})
 * line of Linux's {@code /proc/stat}: user + nice + system + irq + softirq (idle, iowait and steal
 * left out; guest time is inside user already). Against the harness's own processes (client, server
 * JVM, PostgreSQL), what the difference holds: other processes on the machine, and kernel work not
 * charged to a process (softirqs of loopback traffic handled in {@code ksoftirqd}).
 */
final class HostCpu {

    private HostCpu() {
    }

    /** Busy ns so far over all CPUs; -1 where {@code /proc/stat} cannot be read. */
    static long busyNanos() {
        try {
            String stat = Files.readString(Path.of("/proc/stat"));
            long ticks = busyTicks(stat.substring(0, stat.indexOf('\n')));
            return ticks < 0 ? -1 : ticks * 1_000_000_000L / DatabaseCpu.TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Busy ticks of a {@code cpu  user nice system idle iowait irq softirq steal ...} line; -1 if it is not one. */
    static long busyTicks(String cpuLine) {
        String[] f = cpuLine.trim().split("\\s+");
        if (f.length < 8 || !f[0].equals("cpu")) {
            return -1;
        }
        // [1] user [2] nice [3] system [4] idle [5] iowait [6] irq [7] softirq [8] steal
        return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                + Long.parseLong(f[7]);
    }
}

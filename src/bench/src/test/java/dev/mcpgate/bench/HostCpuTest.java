package dev.mcpgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HostCpuTest {

    @Test
    void busyIsUserNiceSystemIrqAndSoftirqWithoutIdleIowaitAndSteal() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        assertEquals(100 + 2 + 30 + 4 + 5, HostCpu.busyTicks("cpu  100 2 30 9000 70 4 5 600 0 0"));
    }

    @Test
    void aPerCpuLineOrAnotherLineIsNotTheTotal() {
        assertEquals(-1, HostCpu.busyTicks("cpu0 100 2 30 9000 70 4 5 600 0 0"));
        assertEquals(-1, HostCpu.busyTicks("intr 12345 0 0"));
    }
}

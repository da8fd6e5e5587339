package dev.revguard.query.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IpInventoryTest {
    @Test
    void addressesSortInNumericOrderAndNamesAfterThem() {
        List<String> ips = new ArrayList<>(List.of("198.51.100.10", "mta-pool", "198.51.100.2", "2001:db8::1", "10.0.0.1"));
        ips.sort(IpInventory::compareAddresses);
        assertThat(ips).containsExactly("10.0.0.1", "198.51.100.2", "198.51.100.10", "2001:db8::1", "mta-pool");
    }

    @Test
    void theWarmupScheduleGrowsFortyPercentADayUpToCapacity() {
        WarmupSchedule s = WarmupSchedule.DEFAULT;
        assertThat(s.target(1, 50_000)).isEqualTo(500);
        assertThat(s.target(2, 50_000)).isEqualTo(700);
        assertThat(s.target(3, 50_000)).isEqualTo(980);
        assertThat(s.target(10, 50_000)).isEqualTo(10_331); // 500 × 1.4⁹ = 10,330.5
        assertThat(s.target(20, 50_000)).isEqualTo(50_000);
        assertThat(s.target(0, 50_000)).isEqualTo(500);
        WarmupSchedule explicit = WarmupSchedule.parse("200, 400, 800");
        assertThat(explicit.target(2, 10_000)).isEqualTo(400);
        assertThat(explicit.target(9, 10_000)).isEqualTo(800);
        assertThat(explicit.target(9, 600)).isEqualTo(600);
    }
}

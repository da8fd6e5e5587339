package dev.revguard.query.cost;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Reads the OLTP-side tables and the monthly summary view. */
public interface CostQueries {
    /** A row of {@code smtp_ip_addresses}. */
    record IpRow(String ip, String sendingDomain, String provider, BigDecimal approximateCost, long dailyCapacity,
            LocalDate warmupStartedOn, String status, LocalDate retiredOn) {}

    /** A row of {@code executive_business_summary}. */
    record MonthRow(LocalDate month, BigDecimal vpsCostUsd, BigDecimal smtpIpCostUsd, BigDecimal totalCostUsd,
            long emailsSent, BigDecimal costPerEmailUsd, BigDecimal mrrUsd, BigDecimal efficiencyRatio,
            BigDecimal elapsedFraction) {}

    @SqlQuery("SELECT ip, sending_domain, provider, approximate_cost, daily_capacity, warmup_started_on, status, retired_on "
            + "FROM smtp_ip_addresses ORDER BY ip")
    @RegisterConstructorMapper(IpRow.class)
    List<IpRow> ips();

    @SqlQuery("SELECT month, vps_cost_usd, smtp_ip_cost_usd, total_cost_usd, emails_sent, cost_per_email_usd, mrr_usd, "
            + "efficiency_ratio, elapsed_fraction FROM executive_business_summary WHERE month = :month")
    @RegisterConstructorMapper(MonthRow.class)
    Optional<MonthRow> month(@Bind("month") LocalDate month);
}

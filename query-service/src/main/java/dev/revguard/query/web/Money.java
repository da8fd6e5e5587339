package dev.revguard.query.web;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Dollar totals in answers are rounded to cents; rates and per-email costs keep their precision. */
public final class Money {
    private Money() {}

    public static double cents(double usd) {
        if (Double.isNaN(usd) || Double.isInfinite(usd)) {
            return usd;
        }
        return BigDecimal.valueOf(usd).setScale(2, RoundingMode.HALF_UP).doubleValue();
    }

    public static Double cents(Double usd) {
        return usd == null ? null : cents(usd.doubleValue());
    }
}

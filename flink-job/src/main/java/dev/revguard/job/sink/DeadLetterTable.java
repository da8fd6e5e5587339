package dev.revguard.job.sink;

import dev.revguard.job.ingest.DeadLetter;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Inserts into {@code dead_letter_events}; a record already there (after a restore) is kept once. */
public class DeadLetterTable implements TableWriter<DeadLetter> {
    @Override
    public String table() {
        return "dead_letter_events";
    }

    @Override
    public String sql() {
        return "INSERT INTO dead_letter_events (topic, kafka_partition, kafka_offset, reason, payload, payload_bytes, "
                + "source, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (topic, kafka_partition, kafka_offset) DO NOTHING";
    }

    @Override
    public Object key(DeadLetter row) {
        return row.topic() + '\u001f' + row.partition() + '\u001f' + row.offset();
    }

    @Override
    public void bind(PreparedStatement s, DeadLetter d) throws SQLException {
        s.setString(1, d.topic());
        s.setInt(2, d.partition());
        s.setLong(3, d.offset());
        s.setString(4, d.reason());
        s.setString(5, d.payload());
        s.setInt(6, d.payloadBytes());
        s.setString(7, d.source());
        s.setString(8, d.detail());
    }
}

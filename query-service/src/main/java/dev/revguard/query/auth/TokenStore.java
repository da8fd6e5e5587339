package dev.revguard.query.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Bearer tokens, held only as SHA-256 hashes: {@code API_TOKENS=name:role:sha256hex,...}. Run
 * {@code java -cp revguard-query.jar dev.revguard.query.auth.HashToken <token>} to hash a token.
 */
public final class TokenStore {
    /** Who presented a token. */
    public record Principal(String name, Role role) {}

    public static final TokenStore EMPTY = new TokenStore(Map.of());

    private final Map<String, Principal> byHash;

    private TokenStore(Map<String, Principal> byHash) {
        this.byHash = byHash;
    }

    public static TokenStore parse(String spec) {
        Map<String, Principal> m = new LinkedHashMap<>();
        for (String entry : spec.split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) continue;
            String[] parts = e.split(":");
            if (parts.length != 3) {
                throw new IllegalArgumentException("entry '" + parts[0] + ":...' must be name:role:sha256-hex");
            }
            Role role;
            try {
                role = Role.parse(parts[1]);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("entry '" + parts[0] + "': role '" + parts[1] + "' is not one of "
                        + String.join(", ", Role.names()));
            }
            String hash = parts[2].trim().toLowerCase();
            if (!hash.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("entry '" + parts[0] + "': expected the token's SHA-256 as 64 hex digits, not the token itself");
            }
            m.put(hash, new Principal(parts[0].trim(), role));
        }
        return new TokenStore(Map.copyOf(m));
    }

    public Optional<Principal> authenticate(String token) {
        return Optional.ofNullable(byHash.get(sha256(token)));
    }

    public static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String describe() {
        return byHash.isEmpty() ? "(none)" : byHash.values().stream()
                .map(p -> p.name() + ":" + p.role().label() + ":****").reduce((a, b) -> a + "," + b).orElse("");
    }
}

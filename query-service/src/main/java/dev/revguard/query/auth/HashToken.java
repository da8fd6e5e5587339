package dev.revguard.query.auth;

/** Prints the SHA-256 of a token, the form API_TOKENS holds it in. */
public final class HashToken {
    private HashToken() {}

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: java -cp revguard-query.jar dev.revguard.query.auth.HashToken <token>");
            System.exit(2);
        }
        System.out.println(TokenStore.sha256(args[0]));
    }
}

package dev.infraperf.mock.formae;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/** K-sortable ids as Formae uses for commands and resources: 27 base62 characters. */
final class Ksuid {
    private static final long EPOCH_SECONDS = 1_400_000_000L;
    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final BigInteger BASE = BigInteger.valueOf(62);

    private Ksuid() {}

    static String next() {
        byte[] bytes = new byte[21];
        // A leading zero byte keeps the BigInteger positive.
        long seconds = System.currentTimeMillis() / 1000 - EPOCH_SECONDS;
        bytes[1] = (byte) (seconds >>> 24);
        bytes[2] = (byte) (seconds >>> 16);
        bytes[3] = (byte) (seconds >>> 8);
        bytes[4] = (byte) seconds;
        byte[] payload = new byte[16];
        // Ids need to be unique, not secret: a 10,000-resource command takes 10,000 of them at once.
        ThreadLocalRandom.current().nextBytes(payload);
        System.arraycopy(payload, 0, bytes, 5, 16);
        BigInteger value = new BigInteger(bytes);
        char[] out = new char[27];
        Arrays.fill(out, '0');
        int i = out.length;
        while (value.signum() > 0 && i > 0) {
            BigInteger[] qr = value.divideAndRemainder(BASE);
            out[--i] = ALPHABET[qr[1].intValue()];
            value = qr[0];
        }
        return new String(out);
    }
}

package dev.infraperf.reports.model;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;

/**
 * One interval histogram of a phase, kept in HdrHistogram's compressed encoding so the record stays
 * immutable. The renderers write these with {@code HistogramLogWriter} into {@code <phase>.hlog};
 * they are not repeated in the JSON summary.
 *
 * @param tag which latencies: {@link #RAW} or {@link #CORRECTED} (HdrHistogram log tag, no spaces or
 *     commas)
 * @param offset start of the interval relative to the phase start
 * @param length length of the interval
 * @param compressedBase64 the histogram (values in nanoseconds) as {@code encodeIntoCompressedByteBuffer},
 *     Base64, the same encoding as a histogram log line
 */
public record IntervalHistogram(String tag, Duration offset, Duration length, String compressedBase64) {
    /** Tag of histograms of raw latencies (measured from the actual send). */
    public static final String RAW = "raw";
    /** Tag of histograms corrected for coordinated omission (measured from the intended start). */
    public static final String CORRECTED = "corrected";

    private static final String NAME = "IntervalHistogram";

    public IntervalHistogram {
        Checks.notBlank(tag, NAME, "tag");
        if (tag.contains(",") || tag.contains(" ")) {
            throw new IllegalArgumentException(
                    NAME + ".tag must not contain commas or spaces (HdrHistogram log tags), found [" + tag + "]");
        }
        Checks.notNull(offset, NAME, "offset");
        Checks.notNull(length, NAME, "length");
        Checks.notBlank(compressedBase64, NAME, "compressedBase64");
    }

    /** Encodes a copy of {@code histogram} (nanoseconds); the caller may reuse the histogram afterwards. */
    public static IntervalHistogram of(String tag, Duration offset, Duration length, AbstractHistogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int size = histogram.encodeIntoCompressedByteBuffer(buffer);
        byte[] bytes = new byte[size];
        buffer.flip();
        buffer.get(bytes);
        return new IntervalHistogram(tag, offset, length, Base64.getEncoder().encodeToString(bytes));
    }

    /** A fresh histogram decoded from {@link #compressedBase64()}. */
    public Histogram decode() {
        try {
            return Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(compressedBase64)), 0);
        } catch (DataFormatException e) {
            throw new IllegalStateException(NAME + " of tag " + tag + " at " + offset + " is not a valid histogram", e);
        }
    }
}

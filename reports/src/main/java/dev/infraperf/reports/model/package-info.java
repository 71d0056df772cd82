/**
 * The result model of a perf run: immutable records that the load engine and the Formae cycles
 * produce and that the renderers of {@code dev.infraperf.reports} read.
 *
 * <p>Units are part of every field's name or Javadoc: latencies are <b>nanoseconds</b> (as recorded
 * in HdrHistogram), rates are per second, percentages are 0-100, fractions 0-1, and
 * {@link java.time.Duration} / {@link java.time.Instant} carry their own units. Every record
 * validates its arguments in its constructor and copies its collections, so an instance that exists
 * is consistent; the error names the field and the value found.
 *
 * <p>The records map one to one onto {@code experiment_summary.json} (snake_case field names); see
 * {@code docs/reports.md} and {@code experiment_summary.schema.json} for the schema.
 */
package dev.infraperf.reports.model;

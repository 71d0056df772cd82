/**
 * The JUnit side of the reports: one run directory per test class, Allure steps, attachments,
 * labels and {@code environment.properties}. The load engine and the Formae extension call
 * {@link dev.infraperf.report.RunReport}; test authors rarely need to.
 */
package dev.infraperf.report;

/**
 * The simulated cloud behind mock-formae: a stand-in for AWS that runs as its own process (or
 * in-process in tests), so that resources outlive an agent crash and accepted work completes
 * without the agent.
 *
 * <p>It models what the Formae regression checks depend on: per-type create, update and delete
 * latency scaled by one factor, asynchronous completion on the cloud's own scheduler, per-namespace
 * throttling (HTTP 429), AWS's dependency errors ({@code HostedZoneNotEmpty}, {@code
 * DependencyViolation}, {@code BucketNotEmpty}, {@code DeleteConflict}, {@code VolumeInUse}),
 * availability-zone and reference checks, VPC quotas, tags, injected faults and out-of-band deletion.
 * State is journaled to a JSON-lines file so that a restarted cloud keeps its resources.
 *
 * <p>Entry points: {@link dev.infraperf.mock.formae.cloud.SimulatedCloudMain} (process), {@link
 * dev.infraperf.mock.formae.cloud.SimulatedCloudServer} (in-process) and {@link
 * dev.infraperf.mock.formae.cloud.SimulatedCloudClient} (typed client). The HTTP API is described in
 * {@code mock-formae/CLOUD-API.md}.
 */
package dev.infraperf.mock.formae.cloud;

/**
 * Benchmarks of the service's paths, run as documented programs that print figures (never as timed
 * tests): {@link org.dataright.service.bench.QueryBenchmark}.
 */
package org.dataright.service.bench;

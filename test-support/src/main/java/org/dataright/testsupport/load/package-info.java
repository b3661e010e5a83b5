/**
 * The benchmarks' load client: {@link org.dataright.testsupport.load.ClosedLoop} runs clients that each
 * do one operation after another, {@link org.dataright.testsupport.load.RightsLoad} makes such clients
 * over the rights contract (registrations, batches, or a mix with transfers and queries), and
 * {@link org.dataright.testsupport.load.Figures} says what a run committed, how fast, what failed and
 * what CPU each process spent ({@link org.dataright.testsupport.load.ProcessCpu}). Used by benchmarks
 * only, never by a test that asserts.
 */
package org.dataright.testsupport.load;

/**
 * The benchmark harness: capnweb-java's test server and the reference's Node server under the
 * same load, in turn, plus JMH micro benchmarks ({@code dev.capnweb.bench.micro}). Run with
 * {@code benchmarks/run}; see benchmarks/README.md.
 */
package dev.capnweb.bench;

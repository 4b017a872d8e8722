/**
 * Test helpers shared by the modules' tests (capnweb-core publishes its tests as a test-jar):
 * slow and non-reading peers, a target that counts its answers, a session that uses up a memory
 * budget, and waiting for a condition with a deadline.
 */
package dev.capnweb.testsupport;

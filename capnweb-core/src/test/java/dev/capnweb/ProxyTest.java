package dev.capnweb;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stub imported from one session and passed on over another is proxied through this process
 * (there is no three-party handoff, as in the reference). Calls hop between the two sessions'
 * lanes, and releases travel back when everything is closed.
 */
class ProxyTest {
    /** Bob's main: hands out Carol's counter, and forwards calls to it. */
    public static final class Bob extends RpcTarget {
        private final RpcStub carol;

        Bob(RpcStub carol) {
            this.carol = carol;
        }

        public RpcPromise counterFromCarol(long start) {
            return carol.call("makeCounter", start);
        }

        public RpcPromise squareViaCarol(long i) {
            return carol.call("square", i);
        }
    }

    @Test
    void callsAreProxiedThroughTheMiddleSession() {
        try (Harness bobToCarol = new Harness(new TestTarget());
             Harness aliceToBob = new Harness(new Bob(bobToCarol.api()))) {
            RpcStub alice = aliceToBob.api();
            assertThat(alice.call("squareViaCarol", 7).join()).isEqualTo(49L);

            RpcPromise counter = alice.call("counterFromCarol", 10);
            assertThat(counter.call("increment", 5).join()).isEqualTo(15L);
            RpcStub stub = (RpcStub) counter.join();
            assertThat(stub.get("value").join()).isEqualTo(15L);
            // Alice passes the proxied counter back through Bob to Carol's incrementCounter.
            assertThat(bobToCarol.api().call("incrementCounter", stub, 2).join()).isEqualTo(17L);
            stub.close();
            counter.close();
            aliceToBob.assertNoLeaks();
            bobToCarol.assertNoLeaks();
        }
    }
}

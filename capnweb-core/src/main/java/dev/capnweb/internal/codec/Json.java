package dev.capnweb.internal.codec;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamWriteConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shared Jackson configuration. Jackson's own read and write limits are lifted so that the session's
 * limits (checked by the codec, with the reference's error texts) are the ones that apply. The
 * mapper has no default typing and never reads type ids from wire data.
 */
final class Json {
    static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(Integer.MAX_VALUE)
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNumberLength(100_000)
                    .maxDocumentLength(-1)
                    .maxTokenCount(-1)
                    .build())
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(Integer.MAX_VALUE).build())
            // Per-thread buffer reuse: the default shared deque cost ~5% of a server's CPU per message
            // (a concurrent poll and offer for every parser and generator). Session threads are platform threads.
            .recyclerPool(JsonRecyclerPools.threadLocalPool())
            .build();

    static final JsonMapper MAPPER = JsonMapper.builder(FACTORY).build();

    private Json() {
    }
}

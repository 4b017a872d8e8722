package dev.capnweb.internal.codec;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamWriteConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shared Jackson configuration, for converting beans to maps and printing values in error
 * texts; messages are read and written without it. Jackson's own limits are lifted so that the
 * session's limits (checked by the codec, with the reference's error texts) are the ones that
 * apply. The mapper has no default typing and never reads type ids from wire data.
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
            // Per-thread buffer reuse rather than the default shared deque (a concurrent poll and
            // offer per use). Messages no longer go through Jackson (JsonTree, JsonOut); the mapper
            // still converts beans and prints values for error texts.
            .recyclerPool(JsonRecyclerPools.threadLocalPool())
            .build();

    static final JsonMapper MAPPER = JsonMapper.builder(FACTORY).build();

    private Json() {
    }
}

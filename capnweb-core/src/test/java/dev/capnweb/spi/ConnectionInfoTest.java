package dev.capnweb.spi;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectionInfoTest {
    @Test
    void namesAreLowerCasedAndRepeatedNamesMergedInOrder() {
        Map<String, List<String>> given = new LinkedHashMap<>();
        given.put("X-Tag", List.of("a"));
        given.put("x-tag", List.of("b", "c"));
        given.put("Cookie", List.of("k=v"));
        ConnectionInfo info = new ConnectionInfo("http-batch", "/api", null, given);
        assertThat(info.headers()).containsOnlyKeys("x-tag", "cookie");
        assertThat(info.headers().get("x-tag")).containsExactly("a", "b", "c");
        assertThat(info.header("COOKIE")).contains("k=v");
        assertThat(info.header("absent")).isEmpty();
    }

    @Test
    void theHeadersAreACopyNobodyCanChange() {
        List<String> values = new ArrayList<>(List.of("1"));
        Map<String, List<String>> given = new LinkedHashMap<>();
        given.put("X-Mutable", values);
        ConnectionInfo info = new ConnectionInfo("websocket", "/", null, given);
        values.add("2");
        given.put("X-Later", List.of("3"));
        assertThat(info.headers()).containsOnlyKeys("x-mutable");
        assertThat(info.headers().get("x-mutable")).containsExactly("1");
        assertThatThrownBy(() -> info.headers().put("x", List.of())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> info.headers().get("x-mutable").add("4")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void noHeadersIsAnEmptyMap() {
        assertThat(new ConnectionInfo("webtransport", "/", null, null).headers()).isEmpty();
    }
}

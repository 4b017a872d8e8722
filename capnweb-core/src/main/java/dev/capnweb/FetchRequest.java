package dev.capnweb;

import java.util.Map;

/**
 * A Fetch API {@code Request} ({@code ["request", url, init]}). {@code init} holds only the
 * fields that differ from the defaults, as the reference sends them: {@code method},
 * {@code headers} (a list of {@code [name, value]} lists), {@code body}, {@code redirect} and so on.
 *
 * @param url  the request URL
 * @param init the non-default request fields
 */
public record FetchRequest(String url, Map<String, Object> init) {
}

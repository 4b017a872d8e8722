package dev.capnweb;

import java.util.Map;

/**
 * A Fetch API {@code Response} ({@code ["response", body, init]}). {@code init} holds the
 * non-default fields: {@code status}, {@code statusText}, {@code headers} (a list of
 * {@code [name, value]} lists).
 *
 * @param body the body: {@code null}, or a stream once streams are supported
 * @param init the non-default response fields
 */
public record FetchResponse(Object body, Map<String, Object> init) {
}

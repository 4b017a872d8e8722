package dev.capnweb.internal.codec;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON text with Jackson's streaming parser into the plain Java values the evaluator then
 * rewrites in place ({@code ArrayList}, {@code LinkedHashMap}, {@code String}, {@code Long},
 * {@code Double}, {@code Boolean}, {@code null}): the lists and maps built here become the
 * delivered value, so nothing is built only to be thrown away.
 */
final class JsonTree {
    private JsonTree() {
    }

    /**
     * @param text         the JSON text
     * @param maxJsonDepth nesting beyond this is refused (the evaluator's depth limit is exact;
     *                     this only bounds recursion, at a depth no acceptable message reaches)
     * @param depthError   thrown when {@code maxJsonDepth} is exceeded
     */
    static Object parse(String text, int maxJsonDepth, WireFormatException depthError) {
        try (JsonParser p = Json.FACTORY.createParser(ObjectReadContext.empty(), text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new WireFormatException("SyntaxError", "Unexpected end of JSON input");
            }
            Object value = read(p, first, 0, maxJsonDepth, depthError);
            if (p.nextToken() != null) {
                throw new WireFormatException("SyntaxError",
                        "Unexpected non-whitespace character after JSON at offset " + p.currentTokenLocation().getCharOffset());
            }
            return value;
        } catch (JacksonException e) {
            throw new WireFormatException("SyntaxError", "Invalid JSON: " + e.getOriginalMessage());
        } catch (StackOverflowError e) {
            throw depthError;
        }
    }

    private static Object read(JsonParser p, JsonToken t, int depth, int max, WireFormatException depthError) {
        switch (t) {
            case START_ARRAY: {
                if (depth >= max) {
                    throw depthError;
                }
                List<Object> list = new ArrayList<>();
                JsonToken next;
                while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
                    list.add(read(p, next, depth + 1, max, depthError));
                }
                return list;
            }
            case START_OBJECT: {
                if (depth >= max) {
                    throw depthError;
                }
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    String name = p.currentName();
                    map.put(name, read(p, p.nextToken(), depth + 1, max, depthError));
                }
                return map;
            }
            case VALUE_STRING:
                return p.getString();
            case VALUE_NUMBER_INT:
                if (p.getNumberType() == JsonParser.NumberType.INT || p.getNumberType() == JsonParser.NumberType.LONG) {
                    return p.getLongValue();
                }
                return p.getDoubleValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new WireFormatException("SyntaxError", "Unexpected token " + t);
        }
    }

    /** @return compact JSON of a value read by {@link #parse}, for error messages */
    static String print(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JacksonException e) {
            return String.valueOf(value);
        }
    }
}

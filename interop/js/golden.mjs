// Golden wire vectors made by the real capnweb 0.12.0: how its serialize() encodes a corpus of
// values, and which wire texts its deserialize() refuses. capnweb-java's codec tests decode and
// re-encode every vector and must match it exactly.
// Usage: node js/golden.mjs [OUTPUT]   (default: print to stdout)
import { writeFileSync } from "node:fs";
import { serialize, deserialize } from "capnweb";

const big = new Uint8Array(100).map((_, i) => (i * 37) % 256);
const withCause = new Error("outer", { cause: new TypeError("inner") });
const withProps = Object.assign(new RangeError("has props"), { code: "E_CODE", count: 3 });
const named = new Error("custom name");
named.name = "MyError";

const values = {
  "zero": 0,
  "negative zero": -0,
  "small integers": [1, -1, 42, -42, 1000000],
  "2^53 and around": [2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 53, 2 ** 53 + 2],
  "fractions": [0.1, 0.2 + 0.1, -2.5, 1 / 3],
  "exponents": [1e21, 1e-7, 1.5e-7, 1.2345678901234568e29, 123456789012345680000, 1e300],
  "extremes": [5e-324, 1.7976931348623157e308, -5e-324],
  "non-finite": [Infinity, -Infinity, NaN],
  "booleans and null": [true, false, null],
  "undefined": undefined,
  "undefined in containers": [undefined, { a: undefined, b: null }],
  "empty string": "",
  "unicode": "caf\u00e9 \u4e2d\u6587 \ud83d\ude00",
  "escapes": "quote \" backslash \\ slash / tab \t newline \n cr \r nul \u0000 bell \u0007",
  "line separators": "\u2028\u2029",
  "lone surrogates": ["a\ud800b", "\udc00", "end\ud83d", "\ud83d\ude00 pair"],
  "control characters": "\u0001\u001b\u001f\u007f\u0080\u00a0",
  "empty array": [],
  "empty object": {},
  "nested arrays": [[1, [2, [3, [4, []]]]]],
  "nested objects": { a: { b: { c: { d: "deep" } } }, list: [{ x: 1 }, { y: [2] }] },
  "key order and odd keys": { z: 1, a: 2, "with space": 3, "": 4, "\u00e9": 5, "1": 6 },
  "array of arrays": [["a"], ["b", ["c"]]],
  "bigint": [0n, 1n, -1n, 12345678901234567890123456789n, -(2n ** 64n)],
  "dates": [new Date(0), new Date(1700000000123), new Date(-86400000), new Date(8.64e15)],
  "invalid date": new Date(NaN),
  "bytes": [new Uint8Array([]), new Uint8Array([0, 1, 2, 253, 254, 255]), big],
  "typed arrays": [new Int16Array([1, -1, 300]), new Float64Array([0.5]), new Uint8ClampedArray([9])],
  "array buffer": new Uint8Array([104, 105]).buffer,
  "errors": [new Error("plain"), new TypeError("type"), new RangeError("range")],
  "error with a custom name": named,
  "error with a cause": withCause,
  "error with properties": withProps,
  "url": new URL("https://example.com/path?q=1#frag"),
  "headers": new Headers([["content-type", "text/plain"], ["x-custom", "hello"]]),
  "mixed": { n: 1, s: "two", b: [true, null, undefined], d: new Date(5), i: 7n, u8: new Uint8Array([1]) },
};

function strip(text) {
  // Stacks depend on the machine; the reference sends none by default, but be sure.
  return text;
}

const vectors = [];
const refusedToSerialize = [];
for (const [name, value] of Object.entries(values)) {
  try {
    vectors.push({ name, wire: strip(serialize(value)) });
  } catch (e) {
    refusedToSerialize.push({ name, error: `${e.name}: ${e.message}` });
  }
}

const badInputs = {
  "unknown tag": '["hello"]',
  "bare array": "[1,2]",
  "empty array": "[]",
  "bigint not a string": '["bigint",1]',
  "date not a number": '["date","x"]',
  "bytes not a string": '["bytes",1]',
  "error without a message": '["error","Error"]',
  "inf with an argument": '["inf",1]',
  "url not a string": '["url",1]',
  "headers not a list": '["headers",1]',
  "nested unknown tag": '{"a":["nope"]}',
  "not json": "{nope",
  // BigInt(text) takes whitespace, a sign, radix prefixes and the empty string; nothing else.
  "bigint with spaces": '["bigint"," 12 "]',
  "bigint hex": '["bigint","0x1f"]',
  "bigint octal and binary": '[[["bigint","0o17"],["bigint","0B101"]]]',
  "bigint empty": '["bigint",""]',
  "bigint plus sign": '["bigint","+5"]',
  "bigint fraction": '["bigint","1.5"]',
  "bigint signed hex": '["bigint","-0x5"]',
  "bigint exponent": '["bigint","1e3"]',
  "bigint arabic digits": '["bigint","\u0661\u0662"]',
  // new URL(text)
  "url relative": '["url","foo"]',
  "url port out of range": '["url","http://a:99999/"]',
  "url with spaces around": '["url"," https://a/ "]',
  "url with a space in the path": '["url","http://a/b c"]',
  "url with a stray percent": '["url","http://a/%zz"]',
  // new Headers(pairs)
  "headers pair of one": '["headers",[["a"]]]',
  "headers pair of three": '["headers",[["a","b","c"]]]',
  "headers entry not a list": '["headers",["ab"]]',
  "headers bad name": '["headers",[["a b","c"]]]',
  "headers empty name": '["headers",[["","x"]]]',
  "headers value with a newline": '["headers",[["a","b\\nc"]]]',
  "headers value past latin-1": '["headers",[["a","\u0100"]]]',
  "headers numbers as text": '["headers",[["a",1],[2,true]]]',
  // new Request(url, init)
  "request url not a url": '["request","not a url",{}]',
  "request url relative": '["request","/relative",{}]',
  "request url with credentials": '["request","http://u:p@a/",{}]',
  "request init an array": '["request","http://a/",[]]',
  "request bad method": '["request","http://a/",{"method":"BAD METHOD"}]',
  "request forbidden method": '["request","http://a/",{"method":"trace"}]',
  "request get with a body": '["request","http://a/",{"body":"x"}]',
  "request head with a body": '["request","http://a/",{"method":"head","body":"x"}]',
  "request post with a body": '["request","http://a/",{"method":"POST","body":"x"}]',
  "request unknown redirect": '["request","http://a/",{"redirect":"bogus"}]',
  "request navigate mode": '["request","http://a/",{"mode":"navigate"}]',
  "request only-if-cached": '["request","http://a/",{"cache":"only-if-cached"}]',
  "request bad referrer": '["request","http://a/",{"referrer":"not a url"}]',
  "request window": '["request","http://a/",{"window":1}]',
  "request headers bad name": '["request","http://a/",{"headers":[["a b","c"]]}]',
  "request headers null": '["request","http://a/",{"headers":null}]',
  // new Response(body, init)
  "response init not an object": '["response",null,5]',
  "response init an array": '["response",null,[]]',
  "response status too low": '["response",null,{"status":99}]',
  "response status too high": '["response",null,{"status":600}]',
  "response status as text": '["response",null,{"status":"201"}]',
  "response body with 204": '["response","x",{"status":204}]',
  "response bad status text": '["response",null,{"statusText":"a\\nb"}]',
  "response headers bad name": '["response",null,{"headers":[["a b","c"]]}]',
};
const refusedToDeserialize = [];
const acceptedBadLooking = [];
for (const [name, text] of Object.entries(badInputs)) {
  try {
    deserialize(text);
    acceptedBadLooking.push({ name, wire: text });
  } catch (e) {
    refusedToDeserialize.push({ name, wire: text, error: `${e.name}: ${e.message}` });
  }
}

const out = JSON.stringify({
  generator: "interop/js/golden.mjs",
  capnweb: "0.12.0",
  vectors,
  refusedToSerialize,
  refusedToDeserialize,
  acceptedBadLooking,
}, null, 2) + "\n";

if (process.argv[2]) {
  writeFileSync(process.argv[2], out);
} else {
  process.stdout.write(out);
}

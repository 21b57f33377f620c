package io.github.aipc4j.genai;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.github.aipc4j.bindings.genai.ort_genai_c_h.*;

/**
 * Incremental decoding of generated tokens: {@link #decode(int)} returns the text that became complete with this
 * token ("" while a multi-byte UTF-8 character or a word piece is still open), never half a character. One thread
 * at a time.
 */
public final class TokenizerStream extends GenAiResource {
    private final Arena arena = Arena.ofShared();
    private final MemorySegment out = arena.allocate(Oga.POINTER);

    private TokenizerStream(MemorySegment handle) {
        super(handle);
    }

    static TokenizerStream create(Tokenizer tokenizer) {
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment result = scratch.allocate(Oga.POINTER);
            Oga.check(OgaCreateTokenizerStream(tokenizer.pointer(), result), "creating a tokenizer stream");
            return new TokenizerStream(result.get(Oga.POINTER, 0));
        }
    }

    public String decode(int token) {
        Oga.check(OgaTokenizerStreamDecode(handle(), token, out), "decoding token " + token);
        // borrowed: valid until the next decode, so copied now
        return out.get(Oga.POINTER, 0).getString(0);
    }

    @Override
    void destroy(MemorySegment handle) {
        OgaDestroyTokenizerStream(handle);
        arena.close();
    }
}

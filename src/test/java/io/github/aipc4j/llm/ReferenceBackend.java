package io.github.aipc4j.llm;

import io.github.aipc4j.llm.spi.Backend;
import io.github.aipc4j.llm.spi.Decoder;
import io.github.aipc4j.llm.spi.JavaTokenizerCodec;
import io.github.aipc4j.llm.spi.LogitsDecoder;
import io.github.aipc4j.llm.spi.TextCodec;
import io.github.aipc4j.modelfactory.GenAiConfig;
import io.github.aipc4j.modelfactory.Phi3Config;
import io.github.aipc4j.modelfactory.Phi3Reference;
import io.github.aipc4j.modelfactory.Phi3Weights;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

/**
 * The model factory's pure-Java reference forward pass as an engine: the yardstick the three runtimes' token loops
 * are compared with, and a real model for testing the token loop itself.
 */
final class ReferenceBackend implements Backend {
    static final Path PHI3_TOKENIZER = Path.of("native/tokenizers/phi3");

    private final Phi3Reference reference;
    private final Phi3Config config;
    private final TextCodec codec;
    private boolean rewindable = true;

    ReferenceBackend(Phi3Weights weights) {
        this.reference = new Phi3Reference(weights);
        this.config = weights.config();
        this.codec = JavaTokenizerCodec.forFolder(PHI3_TOKENIZER);
    }

    static ReferenceBackend tiny() {
        return new ReferenceBackend(Phi3Weights.generate(Phi3Config.tiny()));
    }

    /** Makes the decoders refuse to rewind, as an engine without cache trimming would. */
    ReferenceBackend withoutRewind() {
        rewindable = false;
        return this;
    }

    @Override
    public String engine() {
        return "reference";
    }

    @Override
    public String device() {
        return "java";
    }

    @Override
    public int contextLength() {
        return config.context();
    }

    @Override
    public int vocabSize() {
        return config.vocabSize();
    }

    @Override
    public int[] eosTokenIds() {
        return GenAiConfig.EOS.clone();
    }

    @Override
    public TextCodec codec() {
        return codec;
    }

    @Override
    public Decoder newDecoder() {
        Arena arena = Arena.ofConfined();
        MemorySegment logits = arena.allocate(ValueLayout.JAVA_FLOAT, config.vocabSize());
        Phi3Reference.Cache cache = reference.newCache();
        return new LogitsDecoder(config.vocabSize(), config.context()) {
            private boolean closed;

            @Override
            protected void ensureOpen() {
                if (closed) {
                    throw new IllegalStateException("the reference decoder is closed");
                }
            }

            @Override
            protected MemorySegment forward(int[] tokens, int from, int count) {
                int[] slice = java.util.Arrays.copyOfRange(tokens, from, from + count);
                float[][] rows = reference.forward(cache, slice);
                MemorySegment.copy(rows[rows.length - 1], 0, logits, ValueLayout.JAVA_FLOAT, 0, config.vocabSize());
                return logits;
            }

            @Override
            protected boolean rewind(int newLength) {
                if (!rewindable) {
                    return false;
                }
                cache.truncate(newLength);
                return true;
            }

            @Override
            public void close() {
                if (!closed) {
                    closed = true;
                    arena.close();
                }
            }
        };
    }

    @Override
    public void close() {
    }
}

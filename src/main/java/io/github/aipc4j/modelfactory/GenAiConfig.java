package io.github.aipc4j.modelfactory;

/**
 * {@code genai_config.json} for a Phi-3 model folder: only keys ONNX Runtime GenAI's strict parser knows, the KV
 * cache names of {@link Phi3Onnx}, Phi-3's special token ids, and {@code past_present_share_buffer: false} (the
 * graph concatenates past and present instead of writing in place).
 */
public final class GenAiConfig {
    /** Phi-3's {@code <s>}, {@code <|endoftext|>} (also its pad), {@code <|assistant|>} and {@code <|end|>}. */
    public static final int BOS = 1;
    public static final int[] EOS = {32000, 32001, 32007};
    public static final int PAD = 32000;

    private GenAiConfig() {
    }

    public static String json(Phi3Config c, String modelFile) {
        return """
                {
                  "model": {
                    "type": "phi3",
                    "bos_token_id": %d,
                    "eos_token_id": [%d, %d, %d],
                    "pad_token_id": %d,
                    "vocab_size": %d,
                    "context_length": %d,
                    "decoder": {
                      "filename": "%s",
                      "session_options": {
                        "log_id": "onnxruntime-genai",
                        "provider_options": []
                      },
                      "hidden_size": %d,
                      "num_attention_heads": %d,
                      "num_key_value_heads": %d,
                      "num_hidden_layers": %d,
                      "head_size": %d,
                      "inputs": {
                        "input_ids": "input_ids",
                        "attention_mask": "attention_mask",
                        "position_ids": "position_ids",
                        "past_key_names": "past_key_values.%%d.key",
                        "past_value_names": "past_key_values.%%d.value"
                      },
                      "outputs": {
                        "logits": "logits",
                        "present_key_names": "present.%%d.key",
                        "present_value_names": "present.%%d.value"
                      }
                    }
                  },
                  "search": {
                    "do_sample": false,
                    "max_length": %d,
                    "min_length": 0,
                    "num_beams": 1,
                    "num_return_sequences": 1,
                    "past_present_share_buffer": false,
                    "repetition_penalty": 1.0,
                    "temperature": 1.0,
                    "top_k": 1,
                    "top_p": 1.0
                  }
                }
                """.formatted(BOS, EOS[0], EOS[1], EOS[2], PAD, c.vocabSize(), c.context(), modelFile, c.hidden(),
                c.heads(), c.kvHeads(), c.layers(), c.headDim(), c.context());
    }
}
